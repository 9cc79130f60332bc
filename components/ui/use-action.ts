"use client";

import { useCallback, useState } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/api/define-action";
import { ACTION_WAIT_MS, NotAnswered, noticeWhenSlow, NOT_ANSWERED_MESSAGE, UNREACHABLE_MESSAGE, waitAtMost } from "./slow-notice";

type FieldErrors = Record<string, string[]>;

/**
 * Calls a server action and keeps its pending state and error for the form that shows them.
 * `toastErrors` shows failures as toasts instead, for buttons in lists. A call that takes over a
 * second says it is still working; one unanswered for two minutes fails with what to do.
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
      const settled = noticeWhenSlow();
      try {
        result = await waitAtMost(action(input), ACTION_WAIT_MS);
      } catch (error) {
        result =
          error instanceof NotAnswered
            ? { ok: false, error: { code: "unavailable:timeout", message: NOT_ANSWERED_MESSAGE } }
            : { ok: false, error: { code: "unavailable:network", message: UNREACHABLE_MESSAGE } };
      } finally {
        settled();
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

  // A field's error shows beside it: the same sentence above the form would say it twice.
  const formError = Object.keys(fieldErrors).length ? null : error;
  /** For a field the person has changed since: its old error no longer describes it. */
  const clearFieldError = useCallback((name: string) => {
    setFieldErrors((current) => {
      if (!(name in current)) return current;
      const { [name]: _cleared, ...rest } = current;
      // The form-level sentence was that field's error: it goes with it.
      if (Object.keys(rest).length === 0) setError(null);
      return rest;
    });
  }, []);
  return { run, pending, error, formError, fieldErrors, clearFieldError };
}
