// Marker characters around matched words in snippets: the browser highlights between them and treats
// everything else as text, so a document's own HTML can never be injected into the page.
export const HIGHLIGHT_START = "\u0001";
export const HIGHLIGHT_END = "\u0002";
