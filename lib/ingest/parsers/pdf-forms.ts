import type { PDFPageProxy } from "pdfjs-dist/types/src/display/api";
import type { Block } from "./types";

/** The parts of a pdf.js widget annotation a filled form field is read from. */
interface Widget {
  subtype?: string;
  fieldName?: string;
  alternativeText?: string;
  fieldType?: string;
  fieldValue?: unknown;
  checkBox?: boolean;
  radioButton?: boolean;
  buttonValue?: unknown;
  exportValue?: unknown;
}

/** A field's value as text; a ticked box says so, an unticked one or an empty field has none. */
function valueOf(widget: Widget): string | undefined {
  const value = widget.fieldValue;
  if (widget.checkBox || widget.radioButton) {
    if (typeof value !== "string" || value === "" || value === "Off") return undefined;
    // A radio group's value names the chosen button; a ticked box says "ticked" rather than its export name.
    return widget.radioButton ? value : "ticked";
  }
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string" && v.trim()).join(", ") || undefined;
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/**
 * A page's filled form fields (AcroForm), one block each: "Field name: value", named by the
 * field's tooltip where the form has one, else by its name. Marked `formField` so a chunk shows
 * it came from the form, not the page text. A field with several widgets counts once.
 */
export async function formFieldBlocks(page: PDFPageProxy, pageNumber: number, seen: Set<string>): Promise<Block[]> {
  const annotations = (await page.getAnnotations()) as Widget[];
  const blocks: Block[] = [];
  for (const widget of annotations) {
    if (widget.subtype !== "Widget" || !widget.fieldName || seen.has(widget.fieldName)) continue;
    const value = valueOf(widget);
    if (value === undefined) continue;
    seen.add(widget.fieldName);
    const label = widget.alternativeText?.trim() || widget.fieldName;
    blocks.push({ kind: "paragraph", text: `${label}: ${value}`, page: pageNumber, formField: widget.fieldName });
  }
  return blocks;
}
