import { z } from "zod";

/**
 * Unicode's explicit text-direction controls (embeddings, overrides, isolates). A name holding one
 * can show other than it is ("invoice‮txt.exe" reads as "invoiceexe.txt"), so names refuse them
 * and file names lose them. The implicit marks (U+200E/U+200F), which right-to-left text needs,
 * are kept.
 */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export const NO_BIDI_CONTROLS_MESSAGE = "Remove the invisible text-direction characters (U+202A–U+202E, U+2066–U+2069).";

export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROLS.source).test(text);
}

/** A name people see (a workspace's, a person's): trimmed, within its lengths, no direction controls. */
export function displayNameSchema({ min, max, tooShort }: { min: number; max: number; tooShort: string }) {
  return z
    .string()
    .trim()
    .min(min, tooShort)
    .max(max, `Use at most ${max} characters.`)
    .refine((name) => !hasBidiControls(name), NO_BIDI_CONTROLS_MESSAGE);
}
