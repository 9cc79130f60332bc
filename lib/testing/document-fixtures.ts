import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import { randomBytes } from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";

/** A real PDF with one text page per entry (Helvetica, so pdf.js reads it back). */
export async function makePdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  }
  return pdf.save();
}

/** A PDF of about `megabytes` MB that reads quickly: `pages` pages of text and one large attached file. */
export async function makeHeavyPdf(megabytes: number, pages = 3): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([595, 842]);
    for (let i = 0; i < 40; i++) page.drawText(`Page ${p + 1}, line ${i + 1}: the appendix lists every invoice and its signatures.`, { x: 40, y: 800 - i * 18, size: 10, font });
  }
  const text = await pdf.save();
  await pdf.attach(randomBytes(Math.max(0, Math.round(megabytes * 1024 * 1024) - text.length)), "appendix.bin", { mimeType: "application/octet-stream" });
  return pdf.save();
}

/** A PDF whose only page holds a drawing and no text, as a scanned document would. */
export async function makeImageOnlyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
  return pdf.save();
}

/** Starts like a PDF, then is garbage: what a truncated or damaged upload looks like. */
export function makeCorruptPdf(): Uint8Array {
  return new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthis is not a pdf any more \u0000\u0001\u0002");
}

/** A real .docx with a heading and paragraphs. */
export async function makeDocx(heading: string, body: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: [new Paragraph({ text: heading, heading: HeadingLevel.HEADING_1 }), ...body.map((text) => new Paragraph({ text }))] }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export const SAMPLE_SRT = `1
00:00:01,000 --> 00:00:04,000
Welcome to the evening briefing.

2
00:00:04,500 --> 00:00:08,000
Our guest is the governor of Imo State.

3
00:00:08,500 --> 00:00:11,000
<i>We discuss the road projects.</i>
`;

export const SAMPLE_VTT = `WEBVTT

00:00:01.000 --> 00:00:04.000
First cue of the programme.

intro-2
00:00:04.500 --> 00:00:08.000
Second cue, with a name.
`;
