import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;

/** The rules a new password must meet, with messages that say what to change. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(128, "Use at most 128 characters.")
  .refine((p) => new Set(p).size >= 4, "Use a mix of at least four different characters.")
  .refine((p) => p.trim() === p, "Do not start or end the password with a space.");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254));

export const fullNameSchema = z.string().trim().min(1, "Enter your name.").max(120, "Use at most 120 characters.");
