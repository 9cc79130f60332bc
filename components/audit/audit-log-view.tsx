"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Download } from "lucide-react";
import { Fragment, useState } from "react";
import { Button } from "@/components/ui/button";
import { getJson } from "@/components/ui/fetch-json";
import { formatDateTime } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useDebounced } from "@/components/ui/use-debounced";
import type { AuditEntryJson } from "@/lib/audit/audit-log";
import { AuditDiff } from "./audit-diff";

interface Page {
  entries: AuditEntryJson[];
  nextBefore: number | null;
  actions: string[];
  targetTypes: string[];
}

/**
 * The audit log, newest first, with filters and "Load more"; `exportUrl` downloads the filtered
 * view. The superuser's global log shows the workspace of each entry.
 */
export function AuditLogView({ endpoint, exportUrl, showTenant = false }: { endpoint: string; exportUrl?: string; showTenant?: boolean }) {
  const [filters, setFilters] = useState({ action: "", targetType: "", from: "", to: "" });
  const [actorText, setActorText] = useState("");
  const actor = useDebounced(actorText.trim());
  const [open, setOpen] = useState<number | null>(null);
  const params = new URLSearchParams(Object.entries({ ...filters, actor }).filter(([, v]) => v));
  const log = useInfiniteQuery({
    queryKey: ["audit", endpoint, params.toString()],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => getJson<Page>(`${endpoint}?${params}${pageParam ? `&before=${pageParam}` : ""}`),
    getNextPageParam: (last) => last.nextBefore,
  });
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  const facets = log.data?.pages[0];
  const columns = showTenant ? 6 : 5;
  const set = (key: keyof typeof filters, value: string) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <section className="space-y-3" aria-label="Audit log">
      <div className="flex flex-wrap items-end gap-2">
        <Input type="search" aria-label="Actor" placeholder="Actor email or id" value={actorText} onChange={(e) => setActorText(e.target.value)} className="max-w-xs" />
        <Select aria-label="Action" value={filters.action} onChange={(e) => set("action", e.target.value)}>
          <option value="">Any action</option>
          {facets?.actions.map((a) => <option key={a} value={a}>{a}</option>)}
        </Select>
        <Select aria-label="Target type" value={filters.targetType} onChange={(e) => set("targetType", e.target.value)}>
          <option value="">Any target</option>
          {facets?.targetTypes.map((t) => <option key={t} value={t}>{t}</option>)}
        </Select>
        <label className="flex items-center gap-1 text-sm text-slate-700">From <Input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => set("from", e.target.value)} className="w-40" /></label>
        <label className="flex items-center gap-1 text-sm text-slate-700">to <Input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set("to", e.target.value)} className="w-40" /></label>
        {exportUrl && (
          <a href={`${exportUrl}?${params}`} download className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
            <Download aria-hidden className="size-4" /> Export CSV
          </a>
        )}
      </div>
      <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="w-8 px-2 py-2.5"><span className="sr-only">Details</span></th>
              <th scope="col" className="px-3 py-2.5 font-medium">When (UTC)</th>
              {showTenant && <th scope="col" className="px-3 py-2.5 font-medium">Workspace</th>}
              <th scope="col" className="px-3 py-2.5 font-medium">Actor</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Action</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Target</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {log.isPending && <tr><td colSpan={columns} className="px-4 py-3"><div className="h-4 w-2/3 animate-pulse rounded bg-slate-100" aria-label="Loading the audit log" /></td></tr>}
            {log.isError && <tr><td colSpan={columns} className="px-4 py-6 text-center text-red-700">{log.error.message} <button className="font-medium underline" onClick={() => log.refetch()}>Try again</button></td></tr>}
            {log.isSuccess && entries.length === 0 && <tr><td colSpan={columns} className="px-4 py-6 text-center text-slate-500">No entries match these filters.</td></tr>}
            {entries.map((e) => (
              <Fragment key={e.id}>
                <tr data-testid="audit-entry">
                  <td className="px-2 py-2">
                    <button aria-expanded={open === e.id} aria-label={`Details of ${e.action}`} onClick={() => setOpen(open === e.id ? null : e.id)} className="rounded p-1 hover:bg-slate-100">
                      {open === e.id ? <ChevronDown aria-hidden className="size-4" /> : <ChevronRight aria-hidden className="size-4" />}
                    </button>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">{formatDateTime(e.createdAt)}</td>
                  {showTenant && <td className="px-3 py-2 text-slate-600">{e.tenantSlug ?? "—"}</td>}
                  <td className="px-3 py-2">{e.actorEmail ?? (e.actorApiKeyId ? `API key ${e.actorApiKeyId.slice(0, 8)}` : "system")}{e.ip && <span className="ml-2 text-xs text-slate-400">{e.ip}</span>}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2 text-slate-600">{e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId.slice(0, 12)}` : ""}` : "—"}</td>
                </tr>
                {open === e.id && (
                  <tr>
                    <td colSpan={columns} className="bg-slate-50 px-6 py-3"><AuditDiff details={e.details} /></td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {log.hasNextPage && (
        <Button variant="secondary" disabled={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
          {log.isFetchingNextPage ? "Loading…" : "Load older entries"}
        </Button>
      )}
    </section>
  );
}
