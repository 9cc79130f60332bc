"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, Download } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useEffect, useState, useSyncExternalStore, type FormEvent } from "react";
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
  /** The global log's workspaces to filter by. */
  workspaces?: { slug: string; name: string }[];
}

/** The filters, as named in the page's address and in the API's query. */
const FILTERS = ["action", "actor", "targetType", "from", "to", "tenant"] as const;
type FilterName = (typeof FILTERS)[number];

const noSubscription = () => () => {};
/** False in the server's HTML and until the page hydrates, true after. */
const useHydrated = () => useSyncExternalStore(noSubscription, () => true, () => false);

/** "api_key" -> "API key": the kind of a target, in words. */
const targetKind = (type: string) => type.replace(/_/g, " ").replace(/^api /, "API ");

/**
 * The audit log, newest first, with filters and "Load more"; `exportUrl` downloads the filtered
 * view. The filters live in the address (replaced, not pushed), so a reload or a shared link shows
 * the same view; before the script arrives they are a plain GET form. The superuser's global log
 * shows, and filters by, the workspace of each entry.
 */
export function AuditLogView({ endpoint, exportUrl, showTenant = false }: { endpoint: string; exportUrl?: string; showTenant?: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const hydrated = useHydrated();
  const value = (name: FilterName) => (name === "tenant" && !showTenant ? "" : (search.get(name) ?? "").trim());
  const params = new URLSearchParams(FILTERS.flatMap((name) => (value(name) ? [[name, value(name)]] : [])));
  const query = params.toString();

  // The actor box is typed into: the address follows it once typing pauses, and it follows the address.
  const urlActor = value("actor");
  const [actorText, setActorText] = useState(urlActor);
  const [shownActor, setShownActor] = useState(urlActor);
  if (urlActor !== shownActor) {
    setShownActor(urlActor);
    setActorText(urlActor);
  }
  const typedActor = useDebounced(actorText.trim());

  function setFilters(changes: Partial<Record<FilterName, string>>) {
    const next = new URLSearchParams(params);
    for (const [name, v] of Object.entries(changes)) {
      if (v) next.set(name, v);
      else next.delete(name);
    }
    const target = next.toString();
    if (target !== query) router.replace(target ? `${pathname}?${target}` : pathname, { scroll: false });
  }

  useEffect(() => {
    if (typedActor !== urlActor) setFilters({ actor: typedActor });
    // Only a pause in typing writes the address; setFilters reads the address as it is then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typedActor]);

  function applyNow(event: FormEvent<HTMLFormElement>) {
    // With the script, Enter applies the actor at once; without it, the browser submits the form.
    event.preventDefault();
    setFilters({ actor: actorText.trim() });
  }

  const [open, setOpen] = useState<number | null>(null);
  const log = useInfiniteQuery({
    queryKey: ["audit", endpoint, query],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => getJson<Page>(`${endpoint}?${query}${pageParam ? `${query ? "&" : ""}before=${pageParam}` : ""}`),
    getNextPageParam: (last) => last.nextBefore,
  });
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  const facets = log.data?.pages[0];
  const columns = showTenant ? 6 : 5;
  // A value from the address is an option before the choices load, and if it is not among them.
  const options = (list: string[] | undefined, current: string) => (current && !list?.includes(current) ? [current, ...(list ?? [])] : (list ?? []));
  const workspaces = facets?.workspaces ?? [];
  const tenant = value("tenant");

  return (
    <section className="space-y-3" aria-label="Audit log">
      <form method="get" action={pathname} onSubmit={applyNow} className="flex flex-wrap items-end gap-2" aria-label="Filter the audit log">
        {showTenant && (
          <Select name="tenant" aria-label="Workspace" value={tenant} onChange={(e) => setFilters({ tenant: e.target.value })}>
            <option value="">Every workspace</option>
            {tenant && !workspaces.some((w) => w.slug === tenant) && <option value={tenant}>{tenant}</option>}
            {workspaces.map((w) => (
              <option key={w.slug} value={w.slug}>
                {w.name}
              </option>
            ))}
          </Select>
        )}
        <Input type="search" name="actor" aria-label="Actor" placeholder="Actor email or id" value={actorText} onChange={(e) => setActorText(e.target.value)} className="max-w-xs" />
        <Select name="action" aria-label="Action" value={value("action")} onChange={(e) => setFilters({ action: e.target.value })}>
          <option value="">Any action</option>
          {options(facets?.actions, value("action")).map((a) => <option key={a} value={a}>{a}</option>)}
        </Select>
        <Select name="targetType" aria-label="Target type" value={value("targetType")} onChange={(e) => setFilters({ targetType: e.target.value })}>
          <option value="">Any target</option>
          {options(facets?.targetTypes, value("targetType")).map((t) => <option key={t} value={t}>{t}</option>)}
        </Select>
        <label className="flex items-center gap-1 text-sm text-slate-700">From <Input type="date" name="from" value={value("from")} max={value("to") || undefined} onChange={(e) => setFilters({ from: e.target.value })} className="w-40" /></label>
        <label className="flex items-center gap-1 text-sm text-slate-700">to <Input type="date" name="to" value={value("to")} min={value("from") || undefined} onChange={(e) => setFilters({ to: e.target.value })} className="w-40" /></label>
        {/* Only until the script arrives: after that, each filter applies as it changes. */}
        {!hydrated && <Button type="submit" variant="secondary">Apply filters</Button>}
        {query && (
          <Link href={pathname} replace scroll={false} className="px-1 py-2 text-sm font-medium text-indigo-700 underline-offset-2 hover:underline">
            Clear filters
          </Link>
        )}
        {exportUrl && (
          <a href={`${exportUrl}?${query}`} download className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
            <Download aria-hidden className="size-4" /> Export CSV
          </a>
        )}
      </form>
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
                  <td className="px-3 py-2">{e.actorEmail ?? (e.actorApiKeyId ? `API key ${e.actorApiKeyId.slice(0, 8)}` : "system")}{e.ip && <span className="ml-2 text-xs text-slate-500">{e.ip}</span>}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2" data-testid="audit-target">
                    {e.targetType ? (
                      <>
                        <span className="text-xs text-slate-500">{targetKind(e.targetType)}</span>{" "}
                        {e.targetName ? (
                          <span className="break-words text-slate-900" title={e.targetId ?? undefined}>{e.targetName}</span>
                        ) : (
                          // Gone, and no name was kept: the id is all there is.
                          e.targetId && <span className="font-mono text-xs text-slate-600" title={e.targetId}>{e.targetId.length > 12 ? `${e.targetId.slice(0, 8)}…` : e.targetId}</span>
                        )}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
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
