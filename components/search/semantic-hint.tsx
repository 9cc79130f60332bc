"use client";

import { Info } from "lucide-react";
import { useId, useState } from "react";
import type { SearchResponse } from "@/lib/search/types";

export type SemanticInfo = SearchResponse["semantic"];

/**
 * What "semantic" means in this workspace, next to the mode choice: the embedding model's name, or
 * an "Approximate" badge that discloses why (no model configured) and what to set. A button, not a
 * tooltip, so keyboard and touch users can read it too. Rendered inside a `flex-wrap` row: the
 * disclosed text takes the row's full width below the controls.
 */
export function SemanticHint({ semantic }: { semantic: SemanticInfo }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (semantic.kind === "model") {
    return (
      <span className="inline-flex min-w-0 items-center gap-1 text-xs text-slate-600" data-testid="semantic-model">
        Semantic model:
        <code className="truncate rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">{semantic.label}</code>
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="inline-flex items-center gap-1 rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <Info aria-hidden="true" className="size-3.5" />
        Approximate<span className="sr-only"> semantic search: why</span>
      </button>
      <p id={id} hidden={!open} className="basis-full rounded-lg bg-amber-50 px-3 py-2 text-xs leading-relaxed break-words text-amber-900" data-testid="semantic-label">
        {semantic.label}
      </p>
    </>
  );
}
