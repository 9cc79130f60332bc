import { Field } from "@/components/ui/field";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/password-length";

/** The new password and its repetition, as the sign-up, invitation, reset and account forms ask it. */
export function NewPasswordFields({ name, label, repeatLabel, errors, mismatch }: { name: string; label: string; repeatLabel: string; errors?: string[]; mismatch: boolean }) {
  return (
    <>
      <Field label={label} name={name} type="password" required minLength={PASSWORD_MIN_LENGTH} autoComplete="new-password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} errors={errors} />
      <Field label={repeatLabel} name={`${name}-repeat`} type="password" required autoComplete="new-password" errors={mismatch ? ["The two passwords differ."] : undefined} />
    </>
  );
}

/** The new password from the form, or null when the repetition differs. */
export function repeatedPassword(data: FormData, name: string): string | null {
  const password = String(data.get(name) ?? "");
  return password === data.get(`${name}-repeat`) ? password : null;
}
