"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useId, useState } from "react";
import { useCan } from "@/components/shell/tenant-context";
import { getJson } from "@/components/ui/fetch-json";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useDebounced } from "@/components/ui/use-debounced";
import { glossaryKey, type GlossaryListJson } from "./api";
import { GlossaryAddForm } from "./glossary-add-form";
import { GlossaryImport } from "./glossary-import";
import { GlossaryRow } from "./glossary-row";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

const PAGE_SIZE = 50;

export function GlossaryPage({ slug }: { slug: string }) {
  const canWrite = useCan("glossary:write");
  const queryClient = useQueryClient();
  const typesListId = useId();
  const [search, setSearch] = useState("");
  const [type, setType] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<string | null>(null);
  const q = useDebounced(search.trim());
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(q ? { q } : {}), ...(type ? { type } : {}) });
  const list = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: [...glossaryKey(slug), params.toString()],
    queryFn: () => getJson<GlossaryListJson>(`/api/t/${slug}/glossary?${params}`),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: glossaryKey(slug) });

  const rows = list.data?.entries ?? [];
  const total = list.data?.total ?? 0;
  const types = list.data?.types ?? [];
  // A type chosen in the filter stays selectable after its last entry is gone.
  const typeOptions = type && !types.includes(type) ? [type, ...types] : types;
  const filtered = Boolean(q || type);
  const columns = canWrite ? 6 : 5;

  async function afterDelete() {
    // The list answers an empty page with a total of 0, which would read as an empty glossary.
    if (rows.length === 1 && page > 1) setPage(page - 1);
    await refresh();
  }

  return (
    <div className="space-y-8">
      <datalist id={typesListId}>
        {types.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {canWrite && (
        <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
          <GlossaryAddForm slug={slug} typesListId={typesListId} onAdded={refresh} />
          <GlossaryImport slug={slug} onImported={refresh} />
        </div>
      )}

      <section aria-labelledby="glossary-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="glossary-heading" className="flex items-center gap-2 text-lg font-semibold">
              Glossary {list.data && <span className="font-normal text-slate-500">({total})</span>}
              {list.isFetching && !list.isPending && <Spinner className="text-slate-400" label="Updating the list" />}
            </h2>
            <p className="text-sm text-slate-600">Names spelled the way transcripts should spell them. Cleaning trusts entries with a higher authority more.</p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Input
              type="search"
              aria-label="Search the glossary"
              placeholder="Search entities"
              className="w-56"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
            <Select
              aria-label="Filter by type"
              className="py-2"
              value={type}
              onChange={(e) => {
                setType(e.target.value);
                setPage(1);
              }}
            >
              <option value="">All types</option>
              {typeOptions.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
            <a
              href={`/api/t/${slug}/glossary/export`}
              download
              className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              <Download aria-hidden className="size-4" />
              Export CSV
            </a>
          </div>
        </div>
        <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Entity</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Type</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Authority</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Source id</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Updated</th>
                {canWrite && <th scope="col" className="px-4 py-2.5 font-medium"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.isPending &&
                Array.from({ length: 4 }, (_, i) => (
                  <tr key={i} aria-hidden>
                    <td colSpan={columns} className="px-4 py-3">
                      <div className="h-4 w-2/3 animate-pulse rounded bg-slate-100" />
                    </td>
                  </tr>
                ))}
              {list.isError && (
                <tr>
                  <td colSpan={columns} className="px-4 py-6 text-center text-red-700">
                    {list.error.message}{" "}
                    <button className="font-medium underline" onClick={() => list.refetch()}>
                      Try again
                    </button>
                  </td>
                </tr>
              )}
              {list.isSuccess && rows.length === 0 && (
                <tr>
                  <td colSpan={columns} className="px-4 py-8 text-center text-slate-500">
                    {filtered
                      ? "No entries match these filters."
                      : canWrite
                        ? "The glossary is empty. Add the names of people, places and organisations your transcripts mention, or import a CSV."
                        : "The glossary is empty."}
                  </td>
                </tr>
              )}
              {rows.map((entry) => (
                <GlossaryRow
                  key={entry.id}
                  slug={slug}
                  entry={entry}
                  canWrite={canWrite}
                  editing={editing === entry.id}
                  typesListId={typesListId}
                  onEdit={() => setEditing(entry.id)}
                  onStopEditing={() => setEditing(null)}
                  onSaved={refresh}
                  onDeleted={afterDelete}
                />
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageCount={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} onPage={setPage} noun="entries" />
        {!canWrite && <p className="text-sm text-slate-500">You have read-only access to the glossary.</p>}
      </section>
    </div>
  );
}
