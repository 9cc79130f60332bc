"use client";

import Link from "next/link";
import { useId, useState, type ReactNode } from "react";
import { chunkSource } from "@/components/documents/chunk-source";
import { kindLabel } from "@/components/documents/kinds";
import { cn } from "@/components/ui/cn";
import type { SearchMode } from "@/db/schema";
import type { SearchResult } from "@/lib/search/types";
import { Explanation, formatScore } from "./explanation";
import { Highlighted } from "./highlighted";

function location(result: SearchResult): string | null {
  const m = result.metadata;
  if (m.page !== undefined) return m.pageEnd ? `pages ${m.page}–${m.pageEnd}` : `page ${m.page}`;
  if (m.startMs !== undefined) return m.cueEnd ? `cues ${m.cue}–${m.cueEnd}` : `cue ${m.cue}`;
  if (m.cue !== undefined) return `row ${m.cue}`;
  return m.heading ? `§ ${m.heading}` : null;
}

/** One result: the document, where in it, the passage, its score and, on request, why it ranks here. Weaker matches look subdued. */
export function ResultCard({ slug, result, mode, query, rating, children }: { slug: string; result: SearchResult; mode: SearchMode; query: string; rating?: ReactNode; children?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const explanationId = useId();
  const where = location(result);
  const source = chunkSource(result.metadata);
  return (
    <li
      className={cn("rounded-xl border p-4", result.weak ? "border-dashed border-slate-300 bg-slate-50" : "border-slate-200 bg-white")}
      data-testid="search-result"
      data-weak={result.weak || undefined}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-2 gap-y-1">
        <Link
          href={`/t/${slug}/documents/${result.documentId}?${new URLSearchParams({ chunk: String(result.ordinal), highlight: query })}#chunk-${result.ordinal}`}
          className={cn("min-w-0 break-words text-indigo-700 hover:underline", result.weak ? "font-normal" : "font-medium")}
        >
          {result.filename}
        </Link>
        <span className="text-xs text-slate-600">
          {kindLabel(result.mimeType)}
          {where ? ` · ${where}` : ""}
          {source ? ` · ${source}` : ""} · #{result.rank} ·{" "}
          <span className="tabular-nums" data-testid="score">
            score {formatScore(result.score)}
          </span>
        </span>
      </div>
      <p className={cn("mt-2 text-sm leading-relaxed", result.weak ? "text-slate-700" : "text-slate-800")} data-testid="snippet">
        <Highlighted text={result.snippet} />
      </p>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <button
          type="button"
          className="text-xs font-medium text-slate-700 underline-offset-2 hover:underline"
          aria-expanded={open}
          aria-controls={open ? explanationId : undefined}
          onClick={() => setOpen(!open)}
        >
          {open ? "Hide explanation" : "Why this result?"}
        </button>
        {rating}
      </div>
      {open && <Explanation id={explanationId} result={result} mode={mode} />}
      {children}
    </li>
  );
}
