"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { KIND_LABELS } from "@/components/documents/kinds";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { getJson, HttpError } from "@/components/ui/fetch-json";
import { Input } from "@/components/ui/input";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";
import { Select } from "@/components/ui/select";
import type { SearchMode } from "@/db/schema";
import { DOCUMENT_KINDS } from "@/lib/ingest/kinds";
import { MAX_QUERY_CHARS, QUERY_COUNTER_FROM } from "@/lib/search/limits";
import type { SearchResponse } from "@/lib/search/types";
import { ResultCard } from "./result-card";
import { NotHelpfulFollowUp, RateResult, useResultRatings } from "./result-feedback";
import { searchRequestFromParams, type SearchRequest } from "./search-request";
import { SemanticHint, type SemanticInfo } from "./semantic-hint";

const MODES: { value: SearchMode; label: string; hint: string }[] = [
  { value: "hybrid", label: "Hybrid", hint: "meaning and exact words, fused" },
  { value: "semantic", label: "Semantic", hint: "closest by embedding" },
  { value: "fulltext", label: "Full-text", hint: "the words themselves" },
];

async function runSearch(slug: string, body: Record<string, unknown>): Promise<SearchResponse> {
  const response = await fetch(`/api/t/${slug}/search`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new HttpError(json?.error?.message ?? `Search failed (${response.status}).`, response.status);
  return json as SearchResponse;
}

/** The server page's answer to the search its URL asked for, so the first results come with the HTML. */
export interface FirstResults {
  body: SearchRequest["body"];
  response: SearchResponse;
}

/**
 * The search box, its filters and its results; the URL holds the query so a search can be shared.
 * `semantic` (what the semantic mode is: a model's name or approximate) comes from the server page
 * when it knows it; otherwise from the latest search response. `first` is the server's answer for
 * the URL: the browser searches itself only for a URL the server did not answer.
 */
export function SearchPage({ semantic: fromServer, first }: { semantic?: SemanticInfo; first?: FirstResults } = {}) {
  const { slug } = useTenant();
  const canRate = useCan("search:feedback");
  const canCorrect = useCan("corrections:write");
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const { q, mode, topK, kind, from, to, body } = searchRequestFromParams(params);
  const [draft, setDraft] = useState(q);
  // A new URL is a server round trip (the page answers its search): say so while it lasts.
  const [navigating, startNavigation] = useTransition();
  // The chosen mode leads the URL by one navigation, so a Search pressed right after choosing keeps it.
  const [modeChoice, setModeChoice] = useState(mode);
  const [urlMode, setUrlMode] = useState(mode);
  if (mode !== urlMode) {
    setUrlMode(mode);
    setModeChoice(mode);
  }

  const results = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: ["tenants", slug, "search", body],
    queryFn: () => runSearch(slug, body),
    initialData: first && JSON.stringify(first.body) === JSON.stringify(body) ? first.response : undefined,
    enabled: q.length > 0,
    staleTime: Infinity,
    retry: false,
  });

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    startNavigation(() => router.replace(`${pathname}?${next}`));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ q: draft.trim(), mode: modeChoice === "hybrid" ? "" : modeChoice });
  }

  // Fetched once per visit, not per search: stale chunks change only with a model change.
  const processing = useQuery({
    queryKey: ["tenants", slug, "processing"],
    queryFn: () => getJson<{ staleChunks: number }>(`/api/t/${slug}/processing`),
    staleTime: 60_000,
  });
  const data = results.data;
  // Kept across searches so the hint does not flicker while the next query loads.
  const [lastSemantic, setLastSemantic] = useState<SemanticInfo | undefined>(undefined);
  if (data?.semantic && (data.semantic.kind !== lastSemantic?.kind || data.semantic.label !== lastSemantic?.label)) setLastSemantic(data.semantic);
  const semantic = fromServer ?? data?.semantic ?? lastSemantic;
  const strong = data?.results.filter((r) => !r.weak) ?? [];
  const feedback = useResultRatings(slug, data?.runId ?? "");
  // Each card rates itself; the follow-up (correction, evaluation, comment) sits under the card last rated not helpful.
  const card = (result: SearchResponse["results"][number]) =>
    data && (
      <ResultCard
        key={result.chunkId}
        slug={slug}
        result={result}
        mode={data.mode}
        query={data.query}
        rating={
          canRate ? (
            <RateResult result={result} rating={feedback.ratings[result.chunkId] ?? null} pending={feedback.pendingId === result.chunkId} onRate={(rating) => feedback.rate(result, rating)} />
          ) : undefined
        }
      >
        {canRate && feedback.lastDown === result.chunkId && <NotHelpfulFollowUp key={data.runId} slug={slug} runId={data.runId} query={data.query} />}
      </ResultCard>
    );
  const weak = data?.results.filter((r) => r.weak) ?? [];
  const filtered = Boolean(kind || from || to);
  return (
    <div className="space-y-5">
      {/* A plain GET form with named fields: before hydration, Search loads the same URL the client would build. */}
      <form onSubmit={onSubmit} role="search" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
        <div className="flex gap-2">
          <Input
            type="search"
            name="q"
            aria-label="Search query"
            aria-describedby={draft.length >= QUERY_COUNTER_FROM ? "query-count" : undefined}
            placeholder="Ask a question or type words to find"
            value={draft}
            maxLength={MAX_QUERY_CHARS}
            onChange={(e) => setDraft(e.target.value)}
            autoFocus
            className="flex-1"
          />
          <Button type="submit">Search</Button>
        </div>
        {draft.length >= QUERY_COUNTER_FROM && (
          <p id="query-count" className={cn("text-xs tabular-nums", draft.length >= MAX_QUERY_CHARS ? "text-red-700" : "text-slate-600")}>
            {draft.length} / {MAX_QUERY_CHARS} characters{draft.length >= MAX_QUERY_CHARS ? ": the longest query there can be." : ""}
          </p>
        )}
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <fieldset className="inline-flex rounded-md border border-slate-300 p-0.5">
            <legend className="sr-only">Search mode</legend>
            {MODES.map((m) => (
              <label key={m.value} title={m.hint} className="relative">
                <input
                  type="radio"
                  name="mode"
                  value={m.value}
                  checked={modeChoice === m.value}
                  onChange={() => {
                    setModeChoice(m.value);
                    update({ mode: m.value === "hybrid" ? "" : m.value });
                  }}
                  className="peer absolute inset-0 h-full w-full cursor-pointer appearance-none rounded opacity-0"
                />
                <span className="block rounded px-3 py-1 text-slate-700 peer-hover:bg-slate-100 peer-checked:bg-indigo-600 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-500">
                  {m.label}
                </span>
              </label>
            ))}
          </fieldset>
          {semantic && <SemanticHint semantic={semantic} />}
          <Select name="type" aria-label="File type" value={kind} onChange={(e) => update({ type: e.target.value })}>
            <option value="">All types</option>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
          <label className="flex items-center gap-1.5 text-slate-600">
            From <input type="date" name="from" aria-label="Uploaded from" value={from} onChange={(e) => update({ from: e.target.value })} className="rounded-md border border-slate-300 px-2 py-1" />
          </label>
          <label className="flex items-center gap-1.5 text-slate-600">
            to <input type="date" name="to" aria-label="Uploaded until" value={to} onChange={(e) => update({ to: e.target.value })} className="rounded-md border border-slate-300 px-2 py-1" />
          </label>
          <Select name="k" aria-label="Number of results" value={String(topK)} onChange={(e) => update({ k: e.target.value === "10" ? "" : e.target.value })}>
            {[5, 10, 20, 50].map((k) => (
              <option key={k} value={k}>
                Top {k}
              </option>
            ))}
          </Select>
        </div>
      </form>

      {!q && (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          <p className="font-medium text-slate-800">Search this workspace&apos;s documents.</p>
          <p className="mt-1">Try a question such as “how do I reset my password”, a name, or a phrase in quotes. Hybrid mode finds both exact words and similar passages.</p>
        </div>
      )}
      {navigating && data && (
        <p role="status" className="text-sm text-slate-600">
          Searching…
        </p>
      )}
      {((q && results.isFetching) || navigating) && !data && (
        <div role="status" aria-label="Searching" className="space-y-3">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-20 animate-pulse rounded-xl bg-slate-100" />
          ))}
        </div>
      )}
      {results.isError && (
        <p role="alert" className="rounded-lg bg-red-50 p-4 text-sm text-red-800">
          {results.error.message}
        </p>
      )}
      {data && (
        <section aria-label="Search results" className="space-y-3" data-run-id={data.runId}>
          <p className="text-xs text-slate-500" data-testid="search-summary">
            {data.results.length} result{data.results.length === 1 ? "" : "s"} · {MODES.find((m) => m.value === data.mode)?.label} · {data.latencyMs} ms · quality {data.qualityScore.toFixed(2)}
          </p>
          {mode !== "fulltext" && (processing.data?.staleChunks ?? 0) > 0 && (
            <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
              {processing.data!.staleChunks} chunks were embedded by another model and are left out of semantic matching until they are re-embedded (Settings).
            </p>
          )}
          {data.results.length === 0 ? (
            <div className="rounded-xl border border-slate-200 bg-white p-6 text-sm text-slate-700" data-testid="no-results">
              <p className="font-medium">Nothing found for “{data.query}”.</p>
              {data.notice && (
                <p className="mt-1 text-slate-800" data-testid="search-notice">
                  {data.notice}
                </p>
              )}
              {(!data.notice || mode !== "hybrid" || filtered) && (
                <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-600">
                  {mode !== "hybrid" && (
                    <li>
                      <button className="text-indigo-700 underline" onClick={() => update({ mode: "" })}>
                        Switch to hybrid mode
                      </button>{" "}
                      to match both words and meaning.
                    </li>
                  )}
                  {filtered && (
                    <li>
                      <button className="text-indigo-700 underline" onClick={() => update({ type: "", from: "", to: "" })}>
                        Remove the filters
                      </button>
                      .
                    </li>
                  )}
                  {!data.notice && (
                    <>
                      <li>Use fewer or more general words, or check the spelling.</li>
                      <li>Make sure the documents you expect are uploaded and ready on the Documents page.</li>
                    </>
                  )}
                </ul>
              )}
              {canCorrect && (
                <p className="mt-2 text-slate-700">
                  A name or term written wrong in the documents?{" "}
                  <Link href={`/t/${slug}/corrections/all?${new URLSearchParams({ original: data.query })}#add-correction`} className="font-medium text-indigo-700 underline">
                    Add a correction
                  </Link>
                </p>
              )}
            </div>
          ) : (
            <>
              {data.notice && (
                <p className="rounded-lg bg-sky-50 p-3 text-sm text-sky-900" data-testid="search-notice">
                  {data.notice}
                </p>
              )}
              {strong.length > 0 && (
                <ol className="space-y-3">
                  {strong.map(card)}
                </ol>
              )}
              {weak.length > 0 && (
                <>
                  <div className="flex items-center gap-3 pt-2" data-testid="weaker-matches">
                    <span aria-hidden="true" className="h-px flex-1 bg-slate-300" />
                    <h2 className="text-xs font-semibold text-slate-700">Weaker matches</h2>
                    <span aria-hidden="true" className="h-px flex-1 bg-slate-300" />
                  </div>
                  <p className="-mt-1 text-center text-xs text-slate-600">Scored under half as well as the best result.</p>
                  <ol className="space-y-3" start={strong.length + 1} aria-label="Weaker matches">
                    {weak.map(card)}
                  </ol>
                </>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
