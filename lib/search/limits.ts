// Plain constants, safe for the browser bundle.

/** The longest query accepted: longer text is a document, not a question. */
export const MAX_QUERY_CHARS = 500;

/** The query box shows its count from here on. */
export const QUERY_COUNTER_FROM = 400;
