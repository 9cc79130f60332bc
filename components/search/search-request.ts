import type { SearchMode } from "@/db/schema";
import { DOCUMENT_KINDS, type DocumentKind } from "@/lib/ingest/kinds";

export const SEARCH_MODES: readonly SearchMode[] = ["hybrid", "semantic", "fulltext"];

/** The search a URL asks for: its query, filters, and the body the search API takes for them. */
export interface SearchRequest {
  q: string;
  mode: SearchMode;
  topK: number;
  kind: DocumentKind | "";
  from: string;
  to: string;
  body: { query: string; mode: SearchMode; topK: number; kinds?: DocumentKind[]; from?: string; to?: string };
}

/**
 * Read by the search page on the server (to show the first results in its HTML) and in the browser
 * (to search as the URL changes): one reading, so the browser finds the server's answer under its key.
 */
export function searchRequestFromParams(params: Pick<URLSearchParams, "get">): SearchRequest {
  const q = params.get("q")?.trim() ?? "";
  const mode = SEARCH_MODES.find((m) => m === params.get("mode")) ?? "hybrid";
  const topK = Number(params.get("k") ?? 10) || 10;
  const type = params.get("type") ?? "";
  const kind = (DOCUMENT_KINDS as readonly string[]).includes(type) ? (type as DocumentKind) : "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    q,
    mode,
    topK,
    kind,
    from,
    to,
    body: {
      query: q,
      mode,
      topK,
      ...(kind ? { kinds: [kind] } : {}),
      ...(from ? { from: `${from}T00:00:00Z` } : {}),
      ...(to ? { to: `${to}T23:59:59Z` } : {}),
    },
  };
}
