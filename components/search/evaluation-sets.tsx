"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { addEvaluationItem, createEvaluationSet, deleteEvaluationItem, deleteEvaluationSet, runEvaluation } from "@/app/(console)/t/[slug]/search/actions";
import type { DocumentListJson } from "@/components/documents/api";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { getJson } from "@/components/ui/fetch-json";
import { FormError } from "@/components/ui/form-error";
import { formatDateTime } from "@/components/ui/format";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";
import { useAction } from "@/components/ui/use-action";
import { TuneRanking } from "./tune-ranking";

interface SetSummary {
  id: string;
  name: string;
  items: number;
}
interface SetDetail {
  set: { id: string; name: string };
  items: { id: string; query: string; expectedDocumentIds: string[]; expectedChunkIds: string[] }[];
  results: { id: string; mode: string; k: number; recallAtK: number; mrr: number; ndcgAt10: number; queryCount: number; embeddingModel: string; createdAt: string }[];
}

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

export function EvaluationSets() {
  const { slug } = useTenant();
  const canManage = useCan("evaluations:manage");
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const selected = useSearchParams().get("set");
  const [name, setName] = useState("");
  const create = useAction(createEvaluationSet);
  const remove = useAction(deleteEvaluationSet, { toastErrors: true });
  const sets = useQuery({ queryKey: ["tenants", slug, "evaluation-sets"], queryFn: () => getJson<{ sets: SetSummary[] }>(`/api/t/${slug}/evaluation-sets`) });
  const current = selected ?? sets.data?.sets[0]?.id;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["tenants", slug, "evaluation-sets"] });

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    const result = await create.run({ tenant: slug, name });
    if (result.ok) {
      setName("");
      await refresh();
      router.replace(`${pathname}?set=${result.data.id}`);
    }
  }

  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-[16rem_minmax(0,1fr)]">
      <div className="min-w-0 space-y-3">
        <ul className="space-y-1" aria-label="Evaluation sets">
          {sets.isPending && <li className="text-sm text-slate-500">Loading…</li>}
          {sets.isSuccess && sets.data.sets.length === 0 && <li className="text-sm text-slate-500">No evaluation sets yet.</li>}
          {sets.data?.sets.map((s) => (
            <li key={s.id}>
              <button
                onClick={() => router.replace(`${pathname}?set=${s.id}`)}
                aria-current={s.id === current ? "true" : undefined}
                className={`w-full rounded-md px-3 py-2 text-left text-sm ${s.id === current ? "bg-indigo-50 font-medium text-indigo-800" : "hover:bg-slate-100"}`}
              >
                {s.name} <span className="text-xs text-slate-600">({s.items})</span>
              </button>
            </li>
          ))}
        </ul>
        {canManage && (
          <form onSubmit={onCreate} className="space-y-2">
            <Input aria-label="New set name" placeholder="New set name" value={name} onChange={(e) => setName(e.target.value)} />
            <FormError message={create.error} />
            <Button type="submit" variant="secondary" disabled={!name.trim() || create.pending} className="w-full">
              Create set
            </Button>
          </form>
        )}
      </div>
      {current ? (
        <SetPanel
          key={current}
          setId={current}
          canManage={canManage}
          onDeleted={async () => {
            await refresh();
            router.replace(pathname);
          }}
          onDelete={(id) => remove.run({ tenant: slug, setId: id }).then((r) => r.ok)}
          onChanged={refresh}
        />
      ) : (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
          Create a set, then add queries with the documents that should come back for them. Rating a search result not helpful can add its query too.
        </p>
      )}
    </div>
  );
}

function SetPanel({ setId, canManage, onDelete, onDeleted, onChanged }: { setId: string; canManage: boolean; onDelete: (id: string) => Promise<boolean>; onDeleted: () => Promise<void>; onChanged: () => Promise<void> }) {
  const { slug } = useTenant();
  const queryClient = useQueryClient();
  const key = ["tenants", slug, "evaluation-sets", setId];
  const detail = useQuery({ meta: ERROR_SHOWN_IN_PLACE, queryKey: key, queryFn: () => getJson<SetDetail>(`/api/t/${slug}/evaluation-sets/${setId}`) });
  const docs = useQuery({ queryKey: ["tenants", slug, "documents", "ready"], queryFn: () => getJson<DocumentListJson>(`/api/t/${slug}/documents?status=completed&pageSize=100&sort=filename&dir=asc`) });
  const [query, setQuery] = useState("");
  const [documentId, setDocumentId] = useState("");
  const add = useAction(addEvaluationItem);
  const removeItem = useAction(deleteEvaluationItem, { toastErrors: true });
  const run = useAction(runEvaluation, { toastErrors: true });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: key });
    await onChanged();
  };
  const name = (id: string) => docs.data?.documents.find((d) => d.id === id)?.filename ?? "a document";

  if (detail.isPending) return <p className="text-sm text-slate-500">Loading the set…</p>;
  if (detail.isError) return <p className="text-sm text-red-700">{detail.error.message}</p>;
  const { set, items, results } = detail.data;
  return (
    <section className="min-w-0 space-y-6" aria-labelledby="set-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="set-heading" className="text-lg font-semibold">
          {set.name}
        </h2>
        {canManage && (
          <div className="flex gap-2">
            <Button
              disabled={run.pending || items.length === 0}
              onClick={async () => {
                const result = await run.run({ tenant: slug, setId });
                if (result.ok) {
                  toast.success("Evaluation finished.");
                  await refresh();
                }
              }}
            >
              {run.pending ? "Running…" : "Run evaluation"}
            </Button>
            <ConfirmDialog
              trigger={<Button variant="ghost" className="text-red-700">Delete set</Button>}
              title={`Delete “${set.name}”?`}
              description="Its queries and all its past scores are removed."
              confirmLabel="Delete set"
              onConfirm={async () => {
                const ok = await onDelete(setId);
                if (ok) await onDeleted();
                return ok;
              }}
            />
          </div>
        )}
      </div>

      <div className="rounded-xl border border-slate-200 bg-white">
        <h3 className="border-b border-slate-200 px-4 py-2.5 text-sm font-medium">Labelled queries ({items.length})</h3>
        {items.length === 0 && <p className="px-4 py-4 text-sm text-slate-500">No queries yet.</p>}
        <ul className="divide-y divide-slate-100">
          {items.map((item) => (
            <li key={item.id} className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm" data-testid="evaluation-item">
              <span>
                <span className="font-medium">“{item.query}”</span>
                <span className="ml-2 text-slate-500">→ {item.expectedDocumentIds.map(name).join(", ")}{item.expectedChunkIds.length ? ` + ${item.expectedChunkIds.length} chunk(s)` : ""}</span>
              </span>
              {canManage && (
                <Button variant="ghost" aria-label={`Remove “${item.query}”`} onClick={async () => (await removeItem.run({ tenant: slug, itemId: item.id })).ok && refresh()}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
        {canManage && (
          <form
            className="flex flex-wrap items-end gap-2 border-t border-slate-200 p-4"
            onSubmit={async (e) => {
              e.preventDefault();
              const result = await add.run({ tenant: slug, setId, query, documentIds: documentId ? [documentId] : [] });
              if (result.ok) {
                setQuery("");
                setDocumentId("");
                await refresh();
              }
            }}
          >
            <Input aria-label="Query" placeholder="A query people ask" value={query} onChange={(e) => setQuery(e.target.value)} className="min-w-64 flex-1" />
            <Select aria-label="Document that should come back" value={documentId} onChange={(e) => setDocumentId(e.target.value)}>
              <option value="">Should return…</option>
              {docs.data?.documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.filename}
                </option>
              ))}
            </Select>
            <Button type="submit" variant="secondary" disabled={!query.trim() || !documentId || add.pending}>
              Add query
            </Button>
            <div className="basis-full">
              <FormError message={add.error} />
            </div>
          </form>
        )}
      </div>

      {results.length > 0 && (
        <p className="text-sm">
          <Link href={`/t/${slug}/search/evaluation/${setId}`} className="font-medium text-indigo-700 underline underline-offset-2 hover:decoration-2">
            Each query of the latest run, with wins and losses
          </Link>
        </p>
      )}
      {/* Focusable, so the keyboard can scroll it sideways on a narrow screen. */}
      <div tabIndex={0} role="region" aria-label="Scores" className="overflow-x-auto rounded-xl border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-indigo-600">
        <table className="w-full text-sm">
          <caption className="px-4 py-2.5 text-left text-sm font-medium">Scores</caption>
          <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 text-left font-medium">Run</th>
              <th scope="col" className="px-4 py-2 text-left font-medium">Mode</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Recall@k</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">MRR</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">nDCG@10</th>
              <th scope="col" className="px-4 py-2 text-left font-medium">Model</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {results.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-4 text-slate-500">Not run yet.</td>
              </tr>
            )}
            {results.map((r) => (
              <tr key={r.id} data-testid="evaluation-result">
                <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                  <Link href={`/t/${slug}/search/evaluation/${setId}?${new URLSearchParams({ run: r.createdAt, mode: r.mode })}`} className="underline underline-offset-2 hover:text-indigo-700">
                    {formatDateTime(r.createdAt)}
                    <span className="sr-only"> ({r.mode}), each query</span>
                  </Link>
                </td>
                <td className="px-4 py-2 capitalize">{r.mode}</td>
                <td className="px-4 py-2 text-right tabular-nums">{pct(r.recallAtK)} <span className="text-xs text-slate-500">@{r.k}</span></td>
                <td className="px-4 py-2 text-right tabular-nums">{r.mrr.toFixed(3)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{r.ndcgAt10.toFixed(3)}</td>
                <td className="px-4 py-2 text-xs text-slate-500">{r.embeddingModel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {canManage && items.length > 0 && <TuneRanking setId={setId} />}
    </section>
  );
}
