"use client";

import { useCallback, useState } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/api/define-action";

type FieldErrors = Record<string, string[]>;

/**
 * Calls a server action and keeps its pending state and error for the form that shows them.
 * `toastErrors` shows failures as toasts instead, for buttons in lists.
 */
export function useAction<I, T>(action: (input: I) => Promise<ActionResult<T>>, options: { toastErrors?: boolean } = {}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const { toastErrors } = options;

  const run = useCallback(
    async (input: I): Promise<ActionResult<T>> => {
      setPending(true);
      setError(null);
      setFieldErrors({});
      let result: ActionResult<T>;
      try {
        result = await action(input);
      } catch {
        result = { ok: false, error: { code: "unavailable:network", message: "Could not reach the server. Check your connection and try again." } };
      }
      setPending(false);
      if (!result.ok) {
        if (toastErrors) toast.error(result.error.message);
        else {
          setError(result.error.message);
          setFieldErrors(result.error.fieldErrors ?? {});
        }
      }
      return result;
    },
    [action, toastErrors],
  );

  return { run, pending, error, fieldErrors };
}
