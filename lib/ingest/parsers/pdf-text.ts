/** What pdf.js reports for one run of text (a `TextItem` of `getTextContent`). */
export interface PdfTextItem {
  str: string;
  dir?: string;
  hasEOL?: boolean;
  /** [a, b, c, d, x, y]: x and y place the run's start on the page. */
  transform?: number[];
  width?: number;
  height?: number;
}

interface Line {
  items: PdfTextItem[];
  y: number;
  size: number;
}

/** Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/gu;
const LTR_LETTER = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/gu;

const x = (item: PdfTextItem) => item.transform?.[4] ?? 0;
const y = (item: PdfTextItem) => item.transform?.[5] ?? 0;
const size = (item: PdfTextItem) => item.height || Math.abs(item.transform?.[3] ?? 0) || 10;

/**
 * Text that indexes and searches as a reader sees it: presentation forms and ligatures (U+FB01 "ﬁ",
 * Arabic contextual forms, full-width letters) become their plain letters (NFKC), and control and
 * direction-formatting characters, which only steer rendering, are dropped.
 */
export function cleanExtractedText(text: string): string {
  return (
    text
      .normalize("NFKC")
      // A soft hyphen that ends a line marks a word the line broke: the word goes on below.
      .replace(/\u00AD\n/g, "")
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g, "")
      .replace(/[ \t]+/g, " ")
  );
}

function isRightToLeft(items: PdfTextItem[]): boolean {
  const text = items.map((i) => i.str).join("");
  return (text.match(RTL_LETTER)?.length ?? 0) > (text.match(LTR_LETTER)?.length ?? 0);
}

/** The same run drawn twice at (nearly) the same place, as fake bold or a shadow does. */
const isOverprint = (a: PdfTextItem, b: PdfTextItem) => a.str === b.str && a.str.trim() !== "" && Math.abs(x(a) - x(b)) < 1 && Math.abs(y(a) - y(b)) < 1;

function splitLines(items: PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: PdfTextItem[] = [];
  const close = () => {
    const visible = current.filter((i) => i.str !== "");
    if (visible.length > 0) lines.push({ items: visible, y: y(visible[0]!), size: Math.max(...visible.map(size)) });
    current = [];
  };
  for (const item of items) {
    const last = current.findLast((i) => i.str !== "");
    // A run well above or below the line so far starts a new one (pdf.js does not always mark EOL).
    if (last && item.str !== "" && Math.abs(y(item) - y(last)) > size(last) * 0.6) close();
    if (!(last && isOverprint(last, item))) current.push(item);
    if (item.hasEOL) close();
  }
  close();
  return lines;
}

/**
 * One line's text. Runs are joined with a space where the page shows a gap between them (pdf.js
 * leaves some gaps out); on a right-to-left line the runs are put in reading order, right to left,
 * so a number or a Latin word inside Arabic or Hebrew text stays where it is read.
 */
function lineText(line: Line): string {
  const items = isRightToLeft(line.items) ? [...line.items].sort((a, b) => x(b) + (b.width ?? 0) - (x(a) + (a.width ?? 0))) : line.items;
  let text = "";
  let previous: PdfTextItem | undefined;
  for (const item of items) {
    if (previous && !/\s$/.test(text) && !/^\s/.test(item.str)) {
      const gap = Math.max(x(item) - (x(previous) + (previous.width ?? 0)), x(previous) - (x(item) + (item.width ?? 0)));
      if (gap > size(item) * 0.15) text += " ";
    }
    text += item.str;
    previous = item;
  }
  return text.trim();
}

/**
 * A page's paragraphs: lines in order, a new paragraph where the space between two lines is
 * clearly more than the usual line spacing or the type size changes (LibreOffice, Word and
 * browsers mark no paragraph ends in the text itself). Lines of one paragraph are joined with a
 * newline.
 */
export function pageParagraphs(items: PdfTextItem[]): string[] {
  const lines = splitLines(items);
  const paragraphs: string[][] = [];
  let previous: Line | undefined;
  for (const line of lines) {
    const text = lineText(line);
    if (!text) continue;
    const gap = previous ? previous.y - line.y : 0;
    // A change of type size (a heading and its text) also starts one.
    const resized = previous && Math.abs(previous.size - line.size) > Math.min(previous.size, line.size) * 0.2;
    const newParagraph = !previous || resized || gap > Math.max(previous.size, line.size) * 1.6 || gap < 0;
    if (newParagraph) paragraphs.push([text]);
    else paragraphs[paragraphs.length - 1]!.push(text);
    previous = line;
  }
  return paragraphs.map((p) => p.join("\n"));
}
