"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Highlighted } from "@/components/search/highlighted";
import { useTenant } from "@/components/shell/tenant-context";
import { getJson } from "@/components/ui/fetch-json";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { useDebounced } from "@/components/ui/use-debounced";
import type { ChunkMetadata } from "@/db/schema";
import { markedRanges, substringRanges, withMarkers, type Range } from "@/lib/search/highlight";
import { chunkSource } from "./chunk-source";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface ChunkJson {
  id: string;
  ordinal: number;
  content: string;
  tokenCount: number;
  metadata: ChunkMetadata;
  /** The content with the linking search's words between highlight markers; null when none is in it. */
  highlighted: string | null;
}

const PAGE_SIZE = 20;

/** A chunk longer than this shows its beginning until it is opened, unless something in it is highlighted. */
const LONG_CHUNK = 1_500;
const PREVIEW = 600;

/** The chunk's text with the search's words and the in-document search marked, as one marked string. */
function markedContent(chunk: ChunkJson, inDocument: string): { marked: string; hits: number } {
  const ranges: Range[] = [...(chunk.highlighted ? markedRanges(chunk.highlighted).ranges : []), ...substringRanges(chunk.content, inDocument)];
  return { marked: withMarkers(chunk.content, ranges), hits: ranges.length };
}

function ChunkText({ chunk, inDocument, isTarget }: { chunk: ChunkJson; inDocument: string; isTarget: boolean }) {
  const [open, setOpen] = useState(false);
  const { marked, hits } = markedContent(chunk, inDocument);
  const long = chunk.content.length > LONG_CHUNK && hits === 0 && !isTarget;
  const shown = long && !open ? `${chunk.content.slice(0, PREVIEW).trimEnd()}…` : marked;
  return (
    <>
      {/* Lines of at most ~80 characters, and long words or addresses wrap anywhere, so a long chunk stays readable at any width. */}
      <p className="max-w-[80ch] whitespace-pre-wrap text-sm leading-relaxed text-slate-800 wrap-anywhere">
        <Highlighted text={shown} />
      </p>
      {long && (
        <button type="button" className="mt-2 text-sm font-medium text-indigo-700 hover:underline" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? "Show less" : `Show all ${chunk.content.length.toLocaleString("en")} characters`}
        </button>
      )}
    </>
  );
}

function timecode(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function where(m: ChunkMetadata): string | null {
  if (m.page !== undefined) return m.pageEnd ? `Pages ${m.page}–${m.pageEnd}` : `Page ${m.page}`;
  if (m.startMs !== undefined) {
    const cues = m.cueEnd ? `Cues ${m.cue}–${m.cueEnd}` : `Cue ${m.cue}`;
    return `${cues} · ${timecode(m.startMs)}–${timecode(m.endMs ?? m.startMs)}`;
  }
  if (m.cue !== undefined) return m.cueEnd ? `Rows ${m.cue}–${m.cueEnd}` : `Row ${m.cue}`;
  return m.heading ? `§ ${m.heading}` : null;
}

/** The document's chunks as stored, with a search inside this document. */
export function ChunkBrowser({ documentId }: { documentId: string }) {
  const { slug } = useTenant();
  // A search result links here with ?chunk=N&highlight=<query>: open the page that holds the chunk,
  // bring it into view with the keyboard focus on it, and mark the query's words.
  const params = useSearchParams();
  const target = Number(params.get("chunk") ?? NaN);
  const highlight = params.get("highlight")?.trim().slice(0, 500) ?? "";
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(Number.isInteger(target) && target >= 0 ? Math.floor(target / PAGE_SIZE) + 1 : 1);
  const q = useDebounced(search.trim());
  const chunks = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: ["tenants", slug, "documents", documentId, "chunks", q, page, highlight],
    queryFn: () =>
      getJson<{ chunks: ChunkJson[]; total: number }>(
        `/api/t/${slug}/documents/${documentId}/chunks?${new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(q ? { q } : {}), ...(highlight ? { highlight } : {}) })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const total = chunks.data?.total ?? 0;
  const loaded = chunks.isSuccess;
  const landed = useRef(false);
  useEffect(() => {
    if (!loaded || landed.current || !Number.isInteger(target)) return;
    const element = document.getElementById(`chunk-${target}`);
    if (!element) return;
    // Once: the keyboard continues from the target chunk; paging or searching later moves nothing.
    landed.current = true;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "center" });
  }, [loaded, target]);
  return (
    <section aria-labelledby="chunks-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="chunks-heading" className="text-lg font-semibold">
          Chunks {chunks.data && <span className="font-normal text-slate-500">({total})</span>}
        </h2>
        <Input type="search" aria-label="Search in this document" placeholder="Search in this document" className="max-w-xs" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
      </div>
      {chunks.isPending && <p className="text-sm text-slate-500">Loading chunks…</p>}
      {chunks.isError && <p className="text-sm text-red-700">{chunks.error.message}</p>}
      {chunks.isSuccess && total === 0 && <p className="text-sm text-slate-500">{q ? `No chunk contains “${q}”.` : "This document has no chunks."}</p>}
      <ol className="space-y-3">
        {chunks.data?.chunks.map((chunk) => (
          <li
            key={chunk.id}
            id={`chunk-${chunk.ordinal}`}
            aria-current={chunk.ordinal === target ? "true" : undefined}
            aria-label={chunk.ordinal === target ? `Chunk ${chunk.ordinal + 1}, the search result` : undefined}
            tabIndex={chunk.ordinal === target ? -1 : undefined}
            className={`scroll-mt-20 rounded-xl border bg-white p-4 focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-500 ${chunk.ordinal === target ? "border-indigo-500 ring-2 ring-indigo-300" : "border-slate-200"}`}
            data-testid="chunk"
          >
            <div className="mb-2 flex flex-wrap gap-x-4 text-xs text-slate-500">
              <span className="font-medium text-slate-700">#{chunk.ordinal + 1}</span>
              {where(chunk.metadata) && <span>{where(chunk.metadata)}</span>}
              {chunkSource(chunk.metadata) && <span data-testid="chunk-source">{chunkSource(chunk.metadata)}</span>}
              <span>{chunk.tokenCount} tokens</span>
            </div>
            <ChunkText chunk={chunk} inDocument={q} isTarget={chunk.ordinal === target} />
          </li>
        ))}
      </ol>
      <Pagination page={page} pageCount={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} onPage={setPage} noun="chunks" />
    </section>
  );
}
