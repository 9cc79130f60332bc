"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Download, RotateCcw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { deleteDocument, reprocessDocument } from "@/app/(console)/t/[slug]/documents/actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { getJson } from "@/components/ui/fetch-json";
import { formatBytes, formatDateTime } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import { useDebounced } from "@/components/ui/use-debounced";
import type { DocumentStatus } from "@/db/schema";
import { DOCUMENT_KINDS } from "@/lib/ingest/kinds";
import { documentsKey, refetchDocuments, type DocumentListJson } from "./api";
import { KIND_LABELS, kindLabel } from "./kinds";
import { StatusBadge } from "./status-badge";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

type Sort = "createdAt" | "filename" | "fileSize" | "status" | "chunkCount";
const PAGE_SIZE = 25;
const COLUMNS: { key: Sort; label: string; numeric?: boolean }[] = [
  { key: "filename", label: "Name" },
  { key: "status", label: "Status" },
  { key: "chunkCount", label: "Chunks", numeric: true },
  { key: "fileSize", label: "Size", numeric: true },
  { key: "createdAt", label: "Uploaded" },
];

export function DocumentsTable() {
  const { slug } = useTenant();
  const canWrite = useCan("documents:write");
  const canDelete = useCan("documents:delete");
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DocumentStatus | "">("");
  const [kind, setKind] = useState("");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ key: Sort; dir: "asc" | "desc" }>({ key: "createdAt", dir: "desc" });
  const [page, setPage] = useState(1);
  const q = useDebounced(search.trim());
  const params = new URLSearchParams({ sort: sort.key, dir: sort.dir, page: String(page), pageSize: String(PAGE_SIZE), ...(status ? { status } : {}), ...(kind ? { kind } : {}), ...(q ? { q } : {}) });
  const list = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: [...documentsKey(slug), params.toString()],
    queryFn: () => getJson<DocumentListJson>(`/api/t/${slug}/documents?${params}`),
    placeholderData: keepPreviousData,
    // Live status while anything is queued or processing; stops once all are settled.
    refetchInterval: (query) => ((query.state.data?.active ?? 0) > 0 ? 1500 : false),
  });
  const remove = useAction(deleteDocument, { toastErrors: true });
  const reprocess = useAction(reprocessDocument, { toastErrors: true });
  const refresh = () => refetchDocuments(queryClient, slug);
  const rows = list.data?.documents ?? [];
  const total = list.data?.total ?? 0;
  const filtered = Boolean(status || kind || q);

  return (
    <section aria-labelledby="documents-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="documents-heading" className="text-lg font-semibold">
          Documents {list.data && <span className="font-normal text-slate-500">({total})</span>}
        </h2>
        <div className="flex flex-wrap gap-2">
          <Input type="search" aria-label="Search documents by name" placeholder="Search by name" className="w-56" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
          <Select aria-label="Filter by status" value={status} onChange={(e) => { setStatus(e.target.value as DocumentStatus | ""); setPage(1); }}>
            <option value="">All statuses</option>
            <option value="pending">Queued</option>
            <option value="processing">Processing</option>
            <option value="completed">Ready</option>
            <option value="failed">Failed</option>
          </Select>
          <Select aria-label="Filter by type" value={kind} onChange={(e) => { setKind(e.target.value); setPage(1); }}>
            <option value="">All types</option>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {COLUMNS.map((col) => (
                <th key={col.key} scope="col" aria-sort={sort.key === col.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={`px-4 py-2.5 font-medium ${col.numeric ? "text-right" : "text-left"}`}>
                  <button className="inline-flex items-center gap-1 uppercase hover:text-slate-800" onClick={() => { setSort({ key: col.key, dir: sort.key === col.key && sort.dir === "desc" ? "asc" : "desc" }); setPage(1); }}>
                    {col.label}
                    {sort.key === col.key && (sort.dir === "asc" ? <ArrowUp aria-hidden className="size-3" /> : <ArrowDown aria-hidden className="size-3" />)}
                  </button>
                </th>
              ))}
              <th scope="col" className="px-4 py-2.5 text-left font-medium">Uploader</th>
              <th scope="col" className="px-4 py-2.5"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.isPending && (
              <tr><td colSpan={7} className="px-4 py-6 text-center text-slate-500">Loading documents…</td></tr>
            )}
            {list.isError && (
              <tr><td colSpan={7} className="px-4 py-6 text-center text-red-700">{list.error.message}</td></tr>
            )}
            {list.isSuccess && rows.length === 0 && (
              <tr>
                <td colSpan={7} className="px-4 py-8 text-center text-slate-500">
                  {filtered ? "No documents match these filters." : canWrite ? "No documents yet. Drop files above to add the first ones." : "No documents yet."}
                </td>
              </tr>
            )}
            {rows.map((doc) => (
              <tr key={doc.id} data-testid={`document-${doc.filename}`}>
                <td className="max-w-72 px-4 py-2.5">
                  <Link href={`/t/${slug}/documents/${doc.id}`} className="block truncate font-medium text-indigo-700 hover:underline">
                    {doc.filename}
                  </Link>
                  <span className="text-xs text-slate-500">{kindLabel(doc.mimeType)}</span>
                </td>
                <td className="px-4 py-2.5">
                  <StatusBadge status={doc.status} />
                  {doc.status === "failed" && doc.errorMessage && <p className="mt-1 max-w-64 text-xs text-red-700">{doc.errorMessage}</p>}
                </td>
                <td className="px-4 py-2.5 text-right tabular-nums" data-testid="chunk-count">{doc.status === "completed" ? doc.chunkCount : "—"}</td>
                <td className="whitespace-nowrap px-4 py-2.5 text-right tabular-nums">{formatBytes(doc.fileSize)}</td>
                <td className="whitespace-nowrap px-4 py-2.5 text-slate-600">{formatDateTime(doc.createdAt)}</td>
                <td className="px-4 py-2.5 text-slate-600">{doc.uploader ?? "—"}</td>
                <td className="px-4 py-2.5">
                  <span className="flex justify-end gap-1">
                    <a href={`/api/t/${slug}/documents/${doc.id}/download`} aria-label={`Download ${doc.filename}`} className="rounded-md p-2 text-slate-600 hover:bg-slate-100">
                      <Download aria-hidden className="size-4" />
                    </a>
                    {canWrite && (doc.status === "failed" || doc.status === "completed") && (
                      <Button
                        variant="ghost"
                        aria-label={`Re-process ${doc.filename}`}
                        className="p-2"
                        onClick={async () => {
                          const result = await reprocess.run({ tenant: slug, documentId: doc.id });
                          if (result.ok) {
                            toast.success(`${doc.filename} is queued again.`);
                            await refresh();
                          }
                        }}
                      >
                        <RotateCcw aria-hidden className="size-4" />
                      </Button>
                    )}
                    {canDelete && (
                      <ConfirmDialog
                        trigger={<Button variant="ghost" aria-label={`Delete ${doc.filename}`} className="p-2 text-red-700"><Trash2 aria-hidden className="size-4" /></Button>}
                        title={`Delete ${doc.filename}?`}
                        description="Its chunks and the stored file are removed, and it no longer appears in search. This cannot be undone."
                        confirmLabel="Delete document"
                        onConfirm={async () => {
                          const result = await remove.run({ tenant: slug, documentId: doc.id });
                          if (result.ok) await refresh();
                          return result.ok;
                        }}
                      />
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={Math.max(1, Math.ceil(total / PAGE_SIZE))} total={total} onPage={setPage} noun="documents" />
    </section>
  );
}
