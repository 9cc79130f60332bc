"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { getJson } from "@/components/ui/fetch-json";
import { formatBytes, formatDate } from "@/components/ui/format";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  members: number;
  documents: number;
  chunks: number;
  storageBytes: number;
  queries30d: number;
  corrections30d: number;
  pendingReviews: number;
}

type SortKey = "name" | "members" | "documents" | "chunks" | "storageBytes" | "queries30d" | "corrections30d" | "pendingReviews" | "createdAt";

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Workspace" },
  { key: "members", label: "Members", numeric: true },
  { key: "documents", label: "Documents", numeric: true },
  { key: "chunks", label: "Chunks", numeric: true },
  { key: "storageBytes", label: "Storage", numeric: true },
  { key: "queries30d", label: "Queries (30 d)", numeric: true },
  { key: "corrections30d", label: "Corrections (30 d)", numeric: true },
  { key: "pendingReviews", label: "Pending reviews", numeric: true },
  { key: "createdAt", label: "Created" },
];

export function TenantsOverview() {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "name", desc: false });
  const tenants = useQuery({ meta: ERROR_SHOWN_IN_PLACE, queryKey: ["admin", "tenants"], queryFn: () => getJson<{ tenants: TenantRow[] }>("/api/admin/tenants") });
  const rows = [...(tenants.data?.tenants ?? [])].sort((a, b) => {
    const left = a[sort.key];
    const right = b[sort.key];
    const order = typeof left === "number" && typeof right === "number" ? left - right : String(left).localeCompare(String(right));
    return sort.desc ? -order : order;
  });

  return (
    <section aria-labelledby="tenants-heading" className="space-y-3">
      <h2 id="tenants-heading" className="text-lg font-semibold">
        Workspaces {tenants.data && <span className="font-normal text-slate-500">({rows.length})</span>}
      </h2>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {COLUMNS.map((col) => (
                <th
                  key={col.key}
                  scope="col"
                  aria-sort={sort.key === col.key ? (sort.desc ? "descending" : "ascending") : "none"}
                  className={`px-4 py-2.5 font-medium ${col.numeric ? "text-right" : "text-left"}`}
                >
                  <button
                    className="inline-flex items-center gap-1 uppercase hover:text-slate-800"
                    onClick={() => setSort({ key: col.key, desc: sort.key === col.key ? !sort.desc : Boolean(col.numeric) })}
                  >
                    {col.label}
                    {sort.key === col.key && (sort.desc ? <ArrowDown aria-hidden className="size-3" /> : <ArrowUp aria-hidden className="size-3" />)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tenants.isPending && (
              <tr>
                <td colSpan={COLUMNS.length} className="px-4 py-4 text-slate-500">Loading workspaces…</td>
              </tr>
            )}
            {tenants.isError && (
              <tr>
                <td colSpan={COLUMNS.length} className="px-4 py-4 text-red-700">{tenants.error.message}</td>
              </tr>
            )}
            {tenants.isSuccess && rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="px-4 py-4 text-slate-500">No workspaces yet.</td>
              </tr>
            )}
            {rows.map((t) => (
              <tr key={t.id}>
                <td className="px-4 py-2.5">
                  <Link href={`/t/${t.slug}/dashboard`} className="font-medium text-indigo-700 hover:underline">
                    {t.name}
                  </Link>
                  <span className="ml-2 text-xs text-slate-500">/t/{t.slug}</span>
                </td>
                <td className="px-4 py-2.5 text-right tabular-nums">{t.members}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{t.documents}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{t.chunks.toLocaleString("en-GB")}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{formatBytes(t.storageBytes)}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{t.queries30d.toLocaleString("en-GB")}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{t.corrections30d.toLocaleString("en-GB")}</td>
                <td className="px-4 py-2.5 text-right tabular-nums">{t.pendingReviews}</td>
                <td className="px-4 py-2.5 text-slate-600">{formatDate(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
