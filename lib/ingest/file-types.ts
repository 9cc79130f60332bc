import { fileTypeFromBuffer, fileTypeFromFile } from "file-type";
import { IMAGE_KINDS, MIME_TYPES, type DocumentKind } from "./kinds";
import { decodeText, unicodeByteOrderMark } from "./text-encoding";


/** Bytes read from the start of a file to decide its type. */
export const SNIFF_BYTES = 8192;

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
  // file-type takes a UTF-16 or UTF-32 byte order mark (FF FE) for MPEG audio: the text checks decide.
  if (magic && !unicodeByteOrderMark(head)) {
    if (magic.mime === "application/pdf") return "pdf";
    if (magic.ext === "docx") return "docx";
    const image = IMAGE_KINDS.find((kind) => MIME_TYPES[kind] === magic.mime);
    if (image) return image;
    // file-type also recognises some text formats (WebVTT, XML): those go on to the text checks.
    if (!magic.mime.startsWith("text/") && magic.mime !== "application/xml") return null;
  }
  // Text in any encoding is text: a head shorter than SNIFF_BYTES is the whole file.
  const decoded = decodeText(head, { partial: head.length >= SNIFF_BYTES });
  if (!decoded) return null;
  const start = decoded.text.trimStart();
  if (/^WEBVTT(?:[ \t]|\r?\n|$)/.test(start)) return "vtt";
  // The cue number is optional in practice: some tools start each cue with its timing line.
  if (/^(?:\d+[ \t]*(?:\r*\n|\r))?\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->/.test(start)) return "srt";
  if (/^(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(start)) return "html";
  const ext = extensionOf(filename);
  if ((start.startsWith("{") || start.startsWith("[")) && ext !== "md" && ext !== "txt") return "json";
  if (ext === "csv" || ext === "tsv") return "csv";
  if (ext === "md" || ext === "markdown") return "md";
  if (ext === "html" || ext === "htm") return "html";
  return "txt";
}
