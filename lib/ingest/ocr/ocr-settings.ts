import type { TenantSettings } from "@/db/schema";
import { DEFAULT_OCR_LANGUAGE, ocrLanguageDataPath } from "./ocr-languages";

/**
 * A workspace's OCR choice: on unless switched off, in its language while that language's data
 * package is installed, else in the default (a package removed later does not fail every upload).
 */
export function ocrSettingsOf(settings: TenantSettings | undefined): { enabled: boolean; language: string } {
  const chosen = settings?.ocrLanguage;
  return { enabled: settings?.ocrEnabled ?? true, language: chosen && ocrLanguageDataPath(chosen) ? chosen : DEFAULT_OCR_LANGUAGE };
}
