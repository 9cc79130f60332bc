import { DOCUMENT_KINDS, MIME_TYPES, type DocumentKind } from "@/lib/ingest/kinds";

export const KIND_LABELS: Record<DocumentKind, string> = {
  txt: "Text",
  md: "Markdown",
  html: "HTML",
  pdf: "PDF",
  docx: "Word",
  csv: "CSV",
  json: "JSON",
  srt: "SRT subtitles",
  vtt: "WebVTT subtitles",
  png: "PNG image",
  jpg: "JPEG image",
  tiff: "TIFF image",
  webp: "WebP image",
};

export function kindLabel(mimeType: string): string {
  const kind = DOCUMENT_KINDS.find((k) => MIME_TYPES[k] === mimeType);
  return kind ? KIND_LABELS[kind] : mimeType;
}

/** What the file picker offers; the server decides by content anyway. */
export const ACCEPT = {
  "text/plain": [".txt"],
  "text/markdown": [".md", ".markdown"],
  "text/html": [".html", ".htm"],
  "application/pdf": [".pdf"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
  "text/csv": [".csv"],
  "application/json": [".json"],
  "application/x-subrip": [".srt"],
  "text/vtt": [".vtt"],
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
  "image/tiff": [".tif", ".tiff"],
  "image/webp": [".webp"],
};
