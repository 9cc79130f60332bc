// Plain constants, safe for the browser bundle (file-types.ts reads files).
export const DOCUMENT_KINDS = ["txt", "md", "html", "pdf", "docx", "csv", "json", "srt", "vtt"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const MIME_TYPES: Record<DocumentKind, string> = {
  txt: "text/plain",
  md: "text/markdown",
  html: "text/html",
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  csv: "text/csv",
  json: "application/json",
  srt: "application/x-subrip",
  vtt: "text/vtt",
};

export const SUPPORTED_DESCRIPTION = "plain text, Markdown, HTML, PDF, Word (DOCX), CSV, JSON, SRT and WebVTT";

export function kindOfMimeType(mimeType: string): DocumentKind | undefined {
  return DOCUMENT_KINDS.find((k) => MIME_TYPES[k] === mimeType);
}
