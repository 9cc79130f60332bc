import { z } from "zod";
import { API_KEY_SCOPES } from "./key-scopes";

const MAX_LIFETIME_DAYS = 730;

export const newApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name, e.g. the system that will use it.").max(80),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one permission.").max(API_KEY_SCOPES.length),
  /** ISO date or date-time; absent or null means the key never expires. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .nullish()
    .transform((value) => (value ? new Date(value) : null))
    .refine((date) => !date || date.getTime() > Date.now(), "The expiry date must be in the future.")
    .refine((date) => !date || date.getTime() < Date.now() + MAX_LIFETIME_DAYS * 86_400_000, `A key can live at most ${MAX_LIFETIME_DAYS} days.`),
});
export type NewApiKeyInput = z.infer<typeof newApiKeySchema>;
