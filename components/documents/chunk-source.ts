import type { ChunkMetadata, DocumentPart } from "@/db/schema";

const PART_LABELS: Record<DocumentPart, string> = {
  header: "Header",
  footer: "Footer",
  footnote: "Footnote",
  endnote: "Endnote",
  comment: "Comment",
  textbox: "Text box",
};

/** Where a chunk's text came from when it is not plain body text: a Word part, OCR (with its confidence), form fields. */
export function chunkSource(m: ChunkMetadata): string | null {
  const labels = [
    m.part ? PART_LABELS[m.part] : null,
    m.ocrConfidence !== undefined ? `Read by OCR, ${Math.round(m.ocrConfidence)}% confident` : null,
    m.formFields?.length ? `Form fields: ${m.formFields.join(", ")}` : null,
  ].filter(Boolean);
  return labels.length ? labels.join(" · ") : null;
}
