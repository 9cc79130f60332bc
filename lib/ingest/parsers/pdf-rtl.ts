import type { PDFPageProxy } from "pdfjs-dist/types/src/display/api";
import type { PdfTextItem } from "./pdf-text";

interface Glyph {
  unicode: string;
  originalCharCode: number;
  isSpace?: boolean;
}

interface FontData {
  /** pdf.js's ToUnicode map (with `fontExtraProperties`): character code to text; "" where the PDF maps a code to nothing. */
  toUnicode?: { _map?: (string | number | undefined)[] };
}

const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const reverseChars = (text: string) => [...text].reverse().join("");

/**
 * pdf.js reads right-to-left text in drawing order and reverses the whole string, characters of a
 * glyph included: a glyph that stands for several letters (the lam-alef ligature "لا", a letter
 * with its vowel mark) comes out reversed ("سلام" becomes "سالم"). From the page's glyphs, this
 * finds each word that holds such a glyph, and the form pdf.js gives it and the right one.
 * Also, where a PDF maps a glyph to no text at all, pdf.js shows the glyph's number as a
 * character (junk letters, control characters): those characters are returned to be removed.
 */
async function readGlyphs(page: PDFPageProxy, OPS: { setFont: number; showText: number }) {
  const { fnArray, argsArray } = await page.getOperatorList();
  const corrections = new Map<string, string>();
  const junk = new Set<string>();
  const produced = new Set<string>();
  let font: FontData | undefined;
  for (let i = 0; i < fnArray.length; i++) {
    if (fnArray[i] === OPS.setFont) {
      const name = (argsArray[i] as [string])[0];
      font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontData) : undefined;
      continue;
    }
    if (fnArray[i] !== OPS.showText) continue;
    const glyphs = ((argsArray[i] as [(Glyph | number | null)[]])[0] ?? []).filter((g): g is Glyph => typeof g === "object" && g !== null);
    let word: string[] = [];
    const endWord = () => {
      if (word.some((u) => u.length > 1 && RTL_LETTER.test(u))) {
        const wrong = reverseChars(word.join("").normalize("NFKC"));
        const right = [...word].reverse().join("").normalize("NFKC");
        if (wrong !== right) corrections.set(wrong, right);
      }
      word = [];
    };
    for (const glyph of glyphs) {
      const mapped = font?.toUnicode?._map?.[glyph.originalCharCode];
      if (mapped === "") {
        junk.add(glyph.unicode);
        continue;
      }
      for (const char of glyph.unicode) produced.add(char);
      if (glyph.isSpace || /^\s+$/.test(glyph.unicode)) endWord();
      else word.push(glyph.unicode);
    }
    endWord();
  }
  // A character some glyph really stands for is text, even if another glyph's number equals it.
  for (const char of produced) junk.delete(char);
  return { corrections, junk };
}

/**
 * Puts a page's right-to-left words back in reading order (see readGlyphs) and removes the junk
 * characters of glyphs that map to no text. Pages without right-to-left text are left as they are
 * (reading the glyphs costs a second pass over the page).
 */
export async function fixRightToLeftGlyphs(page: PDFPageProxy, items: PdfTextItem[], OPS: { setFont: number; showText: number }): Promise<PdfTextItem[]> {
  if (!items.some((item) => item.dir === "rtl")) return items;
  const { corrections, junk } = await readGlyphs(page, OPS);
  if (corrections.size === 0 && junk.size === 0) return items;
  return items.map((item) => {
    let str = item.str;
    for (const char of junk) str = str.replaceAll(char, "");
    str = str
      .normalize("NFKC")
      .split(/(\s+)/)
      .map((token) => corrections.get(token) ?? token)
      .join("");
    return { ...item, str };
  });
}
