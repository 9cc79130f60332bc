import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** Where the registry's trained-data packages install: one `@tesseract.js-data/<code>` package per language. */
const DATA_PACKAGES = path.join(process.cwd(), "node_modules", "@tesseract.js-data");
/** The LSTM ("best_int") data, which the engine's LSTM-only mode reads. */
const DATA_VERSION = "4.0.0_best_int";

export const DEFAULT_OCR_LANGUAGE = "eng";

export interface OcrLanguage {
  /** Tesseract's code: "eng", "deu", "chi_sim". */
  code: string;
  name: string;
}

const displayNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

function languageName(code: string): string {
  const [base, script] = code.split("_");
  try {
    const name = displayNames.of(base!) ?? code;
    return script ? `${name} (${script})` : name;
  } catch {
    return code;
  }
}

/** The folder holding a language's `<code>.traineddata.gz`, or null when its package is not installed. */
export function ocrLanguageDataPath(code: string): string | null {
  if (!/^[a-z]{3}(?:_[a-z]+)?$/.test(code)) return null;
  const dir = path.join(DATA_PACKAGES, code, DATA_VERSION);
  return existsSync(path.join(dir, `${code}.traineddata.gz`)) ? dir : null;
}

/**
 * The OCR languages installed: every `@tesseract.js-data/<code>` package with LSTM data. Adding a
 * language is installing its package; nothing is downloaded when text is read.
 */
export function installedOcrLanguages(): OcrLanguage[] {
  let codes: string[];
  try {
    codes = readdirSync(DATA_PACKAGES);
  } catch {
    return [];
  }
  return codes
    .filter((code) => ocrLanguageDataPath(code))
    .sort()
    .map((code) => ({ code, name: languageName(code) }));
}
