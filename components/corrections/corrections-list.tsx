"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { toast } from "sonner";
import { updateCorrection } from "@/app/(console)/t/[slug]/corrections/actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { getJson } from "@/components/ui/fetch-json";
import { formatDateTime } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import { useDebounced } from "@/components/ui/use-debounced";
import type { ConfidenceLevel, CorrectionStatus } from "@/db/schema";
import { AddCorrectionForm } from "./add-correction-form";
import { correctionsKey, LEVEL_LABELS, type CorrectionJson, type CorrectionListJson } from "./api";
import { ConfidenceBadge, CorrectionDiff } from "./correction-badges";
import { CorrectionHistoryChart } from "./correction-history-chart";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

const PAGE_SIZE = 25;
const SORTS = [
  { value: "recent", label: "Recently changed" },
  { value: "usage", label: "Most used" },
  { value: "success_rate", label: "Success rate" },
  { value: "confidence", label: "Confidence" },
] as const;

function StatusCell({ row }: { row: CorrectionJson }) {
  return (
    <span className="flex flex-wrap gap-1">
      <span className="capitalize">{row.status}</span>
      {!row.isEnabled && <span className="rounded bg-slate-200 px-1.5 text-xs">off</span>}
      {row.conflict && <span className="rounded bg-red-100 px-1.5 text-xs font-medium text-red-800" title="Another approved correction rewrites the same words differently; neither is applied.">conflict</span>}
      {row.reviewReason && <span className="rounded bg-amber-100 px-1.5 text-xs text-amber-900" title={row.reviewReason}>flagged</span>}
    </span>
  );
}

export function CorrectionsList() {
  const { slug } = useTenant();
  const canWrite = useCan("corrections:write");
  const queryClient = useQueryClient();
  const params = useSearchParams();
  const [filters, setFilters] = useState({ status: "", level: "", source: "", enabled: "", sort: "recent" });
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; originalText: string; correctedText: string } | null>(null);
  const q = useDebounced(search.trim());
  const query = new URLSearchParams({ sort: filters.sort, page: String(page), pageSize: String(PAGE_SIZE) });
  for (const key of ["status", "level", "source", "enabled"] as const) if (filters[key]) query.set(key, filters[key]);
  if (q) query.set("q", q);
  const list = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: [...correctionsKey(slug), "list", query.toString()],
    queryFn: () => getJson<CorrectionListJson>(`/api/t/${slug}/corrections?${query}`),
    placeholderData: (previous) => previous,
  });
  const update = useAction(updateCorrection, { toastErrors: true });
  const refresh = () => queryClient.invalidateQueries({ queryKey: correctionsKey(slug) });
  const setFilter = (key: keyof typeof filters, value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setPage(1);
  };

  async function save() {
    if (!editing) return;
    const result = await update.run({ tenant: slug, id: editing.id, originalText: editing.originalText, correctedText: editing.correctedText });
    if (result.ok) {
      setEditing(null);
      toast.success("Correction saved.");
      await refresh();
    }
  }

  const rows = list.data?.corrections ?? [];
  const columns = canWrite ? 8 : 7;
  return (
    <div className="space-y-6">
      {canWrite && <AddCorrectionForm slug={slug} initialOriginal={params.get("original") ?? ""} onAdded={refresh} />}
      <section aria-labelledby="corrections-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="corrections-heading" className="text-lg font-semibold">
            All corrections {list.data && <span className="font-normal text-slate-500">({list.data.total})</span>}
          </h2>
          {list.data && list.data.conflictCount > 0 && (
            <p className="rounded bg-red-50 px-2 py-1 text-sm text-red-800">{list.data.conflictCount} approved corrections conflict and are not applied. Switch one of each pair off.</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <Input type="search" aria-label="Search corrections" placeholder="Search original or corrected text" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} className="max-w-xs" />
          <Select aria-label="Status" value={filters.status} onChange={(e) => setFilter("status", e.target.value)}>
            <option value="">Any status</option>
            {(["suggested", "approved", "rejected"] satisfies CorrectionStatus[]).map((s) => <option key={s} value={s}>{s[0]!.toUpperCase() + s.slice(1)}</option>)}
          </Select>
          <Select aria-label="Confidence level" value={filters.level} onChange={(e) => setFilter("level", e.target.value)}>
            <option value="">Any confidence</option>
            {(Object.keys(LEVEL_LABELS) as ConfidenceLevel[]).map((l) => <option key={l} value={l}>{LEVEL_LABELS[l]}</option>)}
          </Select>
          <Select aria-label="Source" value={filters.source} onChange={(e) => setFilter("source", e.target.value)}>
            <option value="">Any source</option>
            {list.data?.sources.map((s) => <option key={s} value={s}>{s}</option>)}
          </Select>
          <Select aria-label="Switched on or off" value={filters.enabled} onChange={(e) => setFilter("enabled", e.target.value)}>
            <option value="">On and off</option>
            <option value="true">On</option>
            <option value="false">Off</option>
          </Select>
          <Select aria-label="Sort by" value={filters.sort} onChange={(e) => setFilter("sort", e.target.value)}>
            {SORTS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </Select>
        </div>
        <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="w-8 px-2 py-2.5"><span className="sr-only">History</span></th>
                <th scope="col" className="px-3 py-2.5 font-medium">Correction</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Status</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Confidence</th>
                <th scope="col" className="px-3 py-2.5 text-right font-medium">Used</th>
                <th scope="col" className="px-3 py-2.5 text-right font-medium">Success</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Last applied</th>
                {canWrite && <th scope="col" className="px-3 py-2.5"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.isPending && <tr><td colSpan={columns} className="px-4 py-3"><div className="h-4 w-2/3 animate-pulse rounded bg-slate-100" aria-label="Loading corrections" /></td></tr>}
              {list.isError && (
                <tr><td colSpan={columns} className="px-4 py-6 text-center text-red-700">{list.error.message} <button className="font-medium underline" onClick={() => list.refetch()}>Try again</button></td></tr>
              )}
              {list.isSuccess && rows.length === 0 && (
                <tr><td colSpan={columns} className="px-4 py-6 text-center text-slate-500">{q || Object.values(filters).some((v, i) => v && i < 4) ? "No corrections match these filters." : "No corrections yet. Add one above, or clean a transcript to get suggestions."}</td></tr>
              )}
              {rows.map((row) => (
                <Fragment key={row.id}>
                  <tr data-testid={`correction-${row.originalText}`}>
                    <td className="px-2 py-2.5">
                      <button aria-expanded={expanded === row.id} aria-label={`History of ${row.originalText} → ${row.correctedText}`} onClick={() => setExpanded(expanded === row.id ? null : row.id)} className="rounded p-1 hover:bg-slate-100">
                        {expanded === row.id ? <ChevronDown aria-hidden className="size-4" /> : <ChevronRight aria-hidden className="size-4" />}
                      </button>
                    </td>
                    <td className="px-3 py-2.5">
                      {editing?.id === row.id ? (
                        <form
                          className="flex flex-wrap items-center gap-2"
                          onSubmit={(e) => { e.preventDefault(); void save(); }}
                          onKeyDown={(e) => { if (e.key === "Escape") setEditing(null); }}
                        >
                          <Input aria-label="Written as" value={editing.originalText} maxLength={200} onChange={(e) => setEditing({ ...editing, originalText: e.target.value })} className="w-40" autoFocus />
                          <span aria-hidden>→</span>
                          <Input aria-label="Should read" value={editing.correctedText} maxLength={200} onChange={(e) => setEditing({ ...editing, correctedText: e.target.value })} className="w-40" />
                          <Button type="submit" disabled={update.pending}>Save</Button>
                          <Button variant="ghost" onClick={() => setEditing(null)}>Cancel</Button>
                        </form>
                      ) : (
                        <CorrectionDiff original={row.originalText} corrected={row.correctedText} />
                      )}
                      <div className="mt-0.5 text-xs text-slate-500">{row.source}</div>
                    </td>
                    <td className="px-3 py-2.5"><StatusCell row={row} /></td>
                    <td className="px-3 py-2.5"><ConfidenceBadge level={row.confidenceLevel} confidence={row.confidence} /></td>
                    <td className="px-3 py-2.5 text-right tabular-nums" data-testid="usage-count">{row.usageCount}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums" title={`${row.successCount} right, ${row.failureCount} wrong`}>
                      {row.successRate === null ? "—" : `${Math.round(row.successRate * 100)}%`}
                    </td>
                    <td className="px-3 py-2.5 text-slate-600">{row.lastAppliedAt ? formatDateTime(row.lastAppliedAt) : "never"}</td>
                    {canWrite && (
                      <td className="px-3 py-2.5 text-right whitespace-nowrap">
                        <Button variant="ghost" onClick={() => setEditing({ id: row.id, originalText: row.originalText, correctedText: row.correctedText })}>Edit</Button>
                        {row.status === "approved" && (
                          <Button
                            variant="ghost"
                            disabled={update.pending}
                            onClick={async () => {
                              const result = await update.run({ tenant: slug, id: row.id, isEnabled: !row.isEnabled });
                              if (result.ok) await refresh();
                            }}
                          >
                            {row.isEnabled ? "Switch off" : "Switch on"}
                          </Button>
                        )}
                      </td>
                    )}
                  </tr>
                  {expanded === row.id && (
                    <tr>
                      <td colSpan={columns} className="bg-slate-50 px-6 py-4">
                        <CorrectionHistoryChart slug={slug} id={row.id} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageCount={Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE))} total={list.data?.total ?? 0} onPage={setPage} noun="corrections" />
      </section>
    </div>
  );
}
