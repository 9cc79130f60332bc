import { paragraphs, ParseError, type Block, type ParsedDocument } from "./types";

interface TextItem {
  str: string;
  hasEOL?: boolean;
}

/** Text per page with pdf.js; an encrypted, corrupt or image-only PDF is refused with the reason. */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedDocument> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  let pdf;
  try {
    pdf = await task.promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "PasswordException") throw new ParseError("The PDF is password-protected. Remove the password and upload it again.");
    // Kept in the log: a setup problem (pdf.js not loading) would otherwise look like a bad file.
    console.warn("pdf.js could not open a PDF", { error });
    throw new ParseError("The PDF is damaged or not a PDF. Export it again from the program that made it.");
  }
  try {
    const blocks: Block[] = [];
    for (let pageNumber = 1; pageNumber <= pdf.numPages; pageNumber++) {
      const page = await pdf.getPage(pageNumber);
      const content = await page.getTextContent();
      const text = (content.items as TextItem[]).map((item) => item.str + (item.hasEOL ? "\n" : "")).join("");
      blocks.push(...paragraphs(text.replace(/\n(?=\S)/g, "\n").replace(/\n{3,}/g, "\n\n"), { page: pageNumber }));
      page.cleanup();
    }
    if (blocks.length === 0) {
      throw new ParseError("The PDF has no text layer (it looks like scanned images). Run it through OCR first, then upload it again.");
    }
    const info = (await pdf.getMetadata().catch(() => null))?.info as { Title?: string } | undefined;
    return { blocks, metadata: { pages: pdf.numPages, ...(info?.Title ? { title: info.Title } : {}) } };
  } finally {
    await pdf.destroy();
  }
}
