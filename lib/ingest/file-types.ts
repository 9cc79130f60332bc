import { fileTypeFromBuffer, fileTypeFromFile } from "file-type";
import type { DocumentKind } from "./kinds";


/** Bytes read from the start of a file to decide its type. */
export const SNIFF_BYTES = 8192;

function looksLikeUtf8Text(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  // The head may end inside a multi-byte character: decode in streaming mode so that is not an error.
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function extensionOf(filename: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(filename);
  return match ? match[1]!.toLowerCase() : "";
}

/**
 * The document kind, decided by content: magic bytes for binary formats, then the text's own
 * shape (WEBVTT header, SRT timing line, HTML or JSON start). Only where text is ambiguous (Markdown,
 * CSV or plain text) does the file name's extension choose. Null when the content is not supported,
 * whatever the name says. With `path`, binary detection may read past the head (a DOCX is a zip
 * whose telling entries can sit anywhere in it).
 */
export async function detectKind(head: Uint8Array, filename: string, path?: string): Promise<DocumentKind | null> {
  const magic = path ? await fileTypeFromFile(path) : await fileTypeFromBuffer(head);
  if (magic) {
    if (magic.mime === "application/pdf") return "pdf";
    if (magic.ext === "docx") return "docx";
    // file-type also recognises some text formats (WebVTT, XML): those go on to the text checks.
    if (!magic.mime.startsWith("text/") && magic.mime !== "application/xml") return null;
  }
  if (!looksLikeUtf8Text(head)) return null;
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, "");
  const start = text.trimStart();
  if (/^WEBVTT(?:[ \t]|\r?\n|$)/.test(start)) return "vtt";
  if (/^\d+[ \t]*\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->/.test(start)) return "srt";
  if (/^(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(start)) return "html";
  const ext = extensionOf(filename);
  if ((start.startsWith("{") || start.startsWith("[")) && ext !== "md" && ext !== "txt") return "json";
  if (ext === "csv" || ext === "tsv") return "csv";
  if (ext === "md" || ext === "markdown") return "md";
  if (ext === "html" || ext === "htm") return "html";
  return "txt";
}
