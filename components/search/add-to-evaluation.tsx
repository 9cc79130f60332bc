"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { addEvaluationItem } from "@/app/(console)/t/[slug]/search/actions";
import type { DocumentListJson } from "@/components/documents/api";
import { Button } from "@/components/ui/button";
import { getJson } from "@/components/ui/fetch-json";
import { FormError } from "@/components/ui/form-error";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";

/** After a thumbs-down: keep the query, with the document that should have come back, in a set. */
export function AddToEvaluation({ slug, query }: { slug: string; query: string }) {
  const sets = useQuery({ queryKey: ["tenants", slug, "evaluation-sets"], queryFn: () => getJson<{ sets: { id: string; name: string }[] }>(`/api/t/${slug}/evaluation-sets`) });
  const docs = useQuery({ queryKey: ["tenants", slug, "documents", "ready"], queryFn: () => getJson<DocumentListJson>(`/api/t/${slug}/documents?status=completed&pageSize=100&sort=filename&dir=asc`) });
  const [setId, setSetId] = useState("");
  const [documentId, setDocumentId] = useState("");
  const [added, setAdded] = useState(false);
  const add = useAction(addEvaluationItem);

  if (added) return <p className="text-xs text-emerald-700">Added to the evaluation set.</p>;
  if (sets.isSuccess && sets.data.sets.length === 0) {
    return (
      <p className="text-xs text-slate-600">
        <Link href={`/t/${slug}/search/evaluation`} className="text-indigo-700 underline">
          Create an evaluation set
        </Link>{" "}
        to keep queries like this one with the answer they should find.
      </p>
    );
  }
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await add.run({ tenant: slug, setId, query, documentIds: [documentId] });
        if (result.ok) {
          setAdded(true);
          toast.success("Query added to the evaluation set.");
        }
      }}
    >
      <span className="text-xs text-slate-600">Add to an evaluation set:</span>
      <Select aria-label="Evaluation set" value={setId} onChange={(e) => setSetId(e.target.value)}>
        <option value="">Choose a set…</option>
        {sets.data?.sets.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Select>
      <Select aria-label="Document that should have come back" value={documentId} onChange={(e) => setDocumentId(e.target.value)}>
        <option value="">It should have found…</option>
        {docs.data?.documents.map((d) => (
          <option key={d.id} value={d.id}>
            {d.filename}
          </option>
        ))}
      </Select>
      <Button type="submit" variant="secondary" disabled={!setId || !documentId || add.pending}>
        Add
      </Button>
      <FormError message={add.error} />
    </form>
  );
}
