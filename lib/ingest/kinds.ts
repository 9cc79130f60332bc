// Plain constants, safe for the browser bundle (file-types.ts reads files).
export const DOCUMENT_KINDS = ["txt", "md", "html", "pdf", "docx", "csv", "json", "srt", "vtt", "png", "jpg", "tiff", "webp"] as const;
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
  png: "image/png",
  jpg: "image/jpeg",
  tiff: "image/tiff",
  webp: "image/webp",
};

/** Kinds whose text is read by OCR (a workspace can switch it off). */
export const IMAGE_KINDS: readonly DocumentKind[] = ["png", "jpg", "tiff", "webp"];

export const SUPPORTED_DESCRIPTION = "plain text, Markdown, HTML, PDF, Word (DOCX), CSV, JSON, SRT, WebVTT, and images (PNG, JPEG, TIFF, WebP) whose text is read by OCR";

export function kindOfMimeType(mimeType: string): DocumentKind | undefined {
  return DOCUMENT_KINDS.find((k) => MIME_TYPES[k] === mimeType);
}
