import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { Input } from "./input";

export interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  hint?: ReactNode;
  errors?: string[];
}

/** A labelled input with its hint and errors wired to it for screen readers. */
export function Field({ label, hint, errors, id, ...props }: FieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const describedBy = [hint ? `${inputId}-hint` : null, errors?.length ? `${inputId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <Input id={inputId} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...props} />
      {hint && (
        <p id={`${inputId}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${inputId}-error`} className="text-xs text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
