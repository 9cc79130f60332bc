"use client";

import { toast } from "sonner";

/** Work that takes longer than this tells the person it is still going. */
export const SLOW_AFTER_MS = 1_000;
/** A server action unanswered for this long is no longer waited for (it may still finish on the server). */
export const ACTION_WAIT_MS = 120_000;
/** A console route unanswered for this long is given up (the request is aborted). */
export const REQUEST_WAIT_MS = 90_000;

export const NOT_ANSWERED_MESSAGE =
  "The server has not answered for two minutes. It may still finish: reload the page in a moment to see, and try again if nothing changed.";
export const TIMED_OUT_MESSAGE = "The server did not answer in time. Try again in a moment; if it keeps happening, ask an admin to look at the server.";
export const UNREACHABLE_MESSAGE = "Could not reach the server. Check your connection and try again.";

let counter = 0;

/**
 * Shows a "Still working…" toast once `SLOW_AFTER_MS` pass, so a slow answer never looks like nothing
 * happened; the returned function (call it when the work settles) removes it, or keeps it from showing.
 */
export function noticeWhenSlow(message = "Still working…"): () => void {
  const id = `slow-${++counter}`;
  let shown = false;
  const timer = setTimeout(() => {
    shown = true;
    toast.loading(message, { id });
  }, SLOW_AFTER_MS);
  return () => {
    clearTimeout(timer);
    if (shown) toast.dismiss(id);
  };
}

export class NotAnswered extends Error {}

/** `work`, or a NotAnswered rejection once `ms` pass without its answer. */
export async function waitAtMost<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotAnswered(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}
