import { z } from "zod";
import { displayNameSchema } from "@/lib/security/display-text";
import mostCommon from "./common-passwords.json";
import { PASSWORD_MIN_LENGTH } from "./password-length";

/**
 * The 3,000 most common passwords, most common first: the head of the frequency-ranked list that
 * zxcvbn ships (@zxcvbn-ts/language-common 4.1.3, src/passwords.json, MIT), kept in the repository
 * so the check needs no network. Compared without case: "Qwertyuiop" is guessed as early as "qwertyuiop".
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(mostCommon);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** The rules a new password must meet, with messages that say what to change. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(128, "Use at most 128 characters.")
  .refine((p) => new Set(p).size >= 4, "Use a mix of at least four different characters.")
  .refine((p) => p.trim() === p, "Do not start or end the password with a space.")
  .refine((p) => !isCommonPassword(p), "This is one of the most common passwords, which attackers try first. Choose another.");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254));

export const fullNameSchema = displayNameSchema({ min: 1, max: 120, tooShort: "Enter your name." });
