"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useTenant } from "@/components/shell/tenant-context";
import { getJson } from "@/components/ui/fetch-json";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { useDebounced } from "@/components/ui/use-debounced";
import type { ChunkMetadata } from "@/db/schema";
import { chunkSource } from "./chunk-source";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface ChunkJson {
  id: string;
  ordinal: number;
  content: string;
  tokenCount: number;
  metadata: ChunkMetadata;
}

const PAGE_SIZE = 20;

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
  // A search result links here with ?chunk=N: open the page that holds it and bring it into view.
  const target = Number(useSearchParams().get("chunk") ?? NaN);
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(Number.isInteger(target) && target >= 0 ? Math.floor(target / PAGE_SIZE) + 1 : 1);
  const q = useDebounced(search.trim());
  const chunks = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: ["tenants", slug, "documents", documentId, "chunks", q, page],
    queryFn: () => getJson<{ chunks: ChunkJson[]; total: number }>(`/api/t/${slug}/documents/${documentId}/chunks?${new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(q ? { q } : {}) })}`),
    placeholderData: keepPreviousData,
  });
  const total = chunks.data?.total ?? 0;
  const loaded = chunks.isSuccess;
  useEffect(() => {
    if (loaded && Number.isInteger(target)) document.getElementById(`chunk-${target}`)?.scrollIntoView({ block: "center" });
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
            className={`rounded-xl border bg-white p-4 ${chunk.ordinal === target ? "border-indigo-400 ring-2 ring-indigo-200" : "border-slate-200"}`}
            data-testid="chunk"
          >
            <div className="mb-2 flex flex-wrap gap-x-4 text-xs text-slate-500">
              <span className="font-medium text-slate-700">#{chunk.ordinal + 1}</span>
              {where(chunk.metadata) && <span>{where(chunk.metadata)}</span>}
              {chunkSource(chunk.metadata) && <span data-testid="chunk-source">{chunkSource(chunk.metadata)}</span>}
              <span>{chunk.tokenCount} tokens</span>
            </div>
            <p className="whitespace-pre-wrap break-words text-sm leading-relaxed text-slate-800">{chunk.content}</p>
          </li>
        ))}
      </ol>
      <Pagination page={page} pageCount={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} onPage={setPage} noun="chunks" />
    </section>
  );
}
