"use client";

import Link from "next/link";
import { useState } from "react";
import { kindLabel } from "@/components/documents/kinds";
import type { SearchMode } from "@/db/schema";
import type { SearchResult } from "@/lib/search/types";
import { Highlighted } from "./highlighted";

function location(result: SearchResult): string | null {
  const m = result.metadata;
  if (m.page !== undefined) return m.pageEnd ? `pages ${m.page}–${m.pageEnd}` : `page ${m.page}`;
  if (m.startMs !== undefined) return m.cueEnd ? `cues ${m.cue}–${m.cueEnd}` : `cue ${m.cue}`;
  if (m.cue !== undefined) return `row ${m.cue}`;
  return m.heading ? `§ ${m.heading}` : null;
}

const fmt = (n: number | null, digits = 4) => (n === null ? "—" : n.toFixed(digits));

export function ResultCard({ slug, result, mode }: { slug: string; result: SearchResult; mode: SearchMode }) {
  const [open, setOpen] = useState(false);
  const e = result.explanation;
  const where = location(result);
  return (
    <li className="rounded-xl border border-slate-200 bg-white p-4" data-testid="search-result">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <Link href={`/t/${slug}/documents/${result.documentId}?chunk=${result.ordinal}#chunk-${result.ordinal}`} className="font-medium text-indigo-700 hover:underline">
          {result.filename}
        </Link>
        <span className="text-xs text-slate-500">
          {kindLabel(result.mimeType)}
          {where ? ` · ${where}` : ""} · #{result.rank}
        </span>
      </div>
      <p className="mt-2 text-sm leading-relaxed text-slate-800" data-testid="snippet">
        <Highlighted text={result.snippet} />
      </p>
      <button className="mt-2 text-xs font-medium text-slate-600 underline-offset-2 hover:underline" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "Hide explanation" : "Why this result?"}
      </button>
      {open && (
        <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 rounded-lg bg-slate-50 p-3 text-xs sm:grid-cols-4" data-testid="explanation">
          <dt className="text-slate-500">Semantic match</dt>
          <dd>{e.matchedSemantic ? `yes, rank ${e.vectorRank}` : mode === "fulltext" ? "not used" : "not among the nearest"}</dd>
          <dt className="text-slate-500">Vector distance</dt>
          <dd className="tabular-nums">{fmt(e.vectorDistance)}</dd>
          <dt className="text-slate-500">Words matched</dt>
          <dd>{e.matchedFulltext ? (e.fulltextRank ? `yes, rank ${e.fulltextRank}` : "yes") : "no"}</dd>
          <dt className="text-slate-500">Full-text score</dt>
          <dd className="tabular-nums">{fmt(e.fulltextScore)}</dd>
          <dt className="text-slate-500">Fused score (RRF)</dt>
          <dd className="tabular-nums">{fmt(e.fusedScore)}</dd>
          <dt className="text-slate-500">Score used to rank</dt>
          <dd className="tabular-nums">{fmt(result.score)}</dd>
        </dl>
      )}
    </li>
  );
}
