"use client";

import { SpellCheck, ThumbsDown, ThumbsUp } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { commentOnSearch, rateResult } from "@/app/(console)/t/[slug]/search/actions";
import { useCan } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useAction } from "@/components/ui/use-action";
import type { Feedback } from "@/db/schema";
import type { SearchResult } from "@/lib/search/types";
import { AddToEvaluation } from "./add-to-evaluation";

/** The ratings given to one search's results, by chunk, and the result last rated not helpful. */
export function useResultRatings(slug: string, runId: string) {
  const [state, setState] = useState<{ runId: string; ratings: Record<string, Feedback>; lastDown: string | null }>({ runId, ratings: {}, lastDown: null });
  const current = state.runId === runId ? state : { runId, ratings: {}, lastDown: null };
  const [pendingId, setPendingId] = useState<string | null>(null);
  const send = useAction(rateResult, { toastErrors: true });

  async function rate(result: SearchResult, rating: Feedback | null) {
    setPendingId(result.chunkId);
    const sent = await send.run({ tenant: slug, runId, chunkId: result.chunkId, documentId: result.documentId, rating });
    setPendingId(null);
    if (!sent.ok) return;
    setState((s) => {
      const base = s.runId === runId ? s : { runId, ratings: {}, lastDown: null };
      const ratings = { ...base.ratings };
      if (rating) ratings[result.chunkId] = rating;
      else delete ratings[result.chunkId];
      const lastDown = rating === "thumbs_down" ? result.chunkId : base.lastDown === result.chunkId ? null : base.lastDown;
      return { runId, ratings, lastDown };
    });
  }

  return { ratings: current.ratings, lastDown: current.lastDown, pendingId, rate };
}

/** Helpful / not helpful on one result; pressing the pressed one takes the rating back. */
export function RateResult({ result, rating, pending, onRate }: { result: SearchResult; rating: Feedback | null; pending: boolean; onRate: (rating: Feedback | null) => void }) {
  const option = (value: Feedback, label: string, Icon: typeof ThumbsUp, on: string) => (
    <Button
      variant="ghost"
      aria-pressed={rating === value}
      disabled={pending}
      onClick={() => onRate(rating === value ? null : value)}
      className={cn("min-h-9 gap-1.5 px-2.5 py-1.5 text-xs", rating === value && on)}
    >
      <Icon aria-hidden className="size-4" />
      {label}
    </Button>
  );
  return (
    <div role="group" aria-label={`Was result ${result.rank} helpful?`} className="flex flex-wrap items-center gap-1" data-testid="rate-result">
      {option("thumbs_up", "Helpful", ThumbsUp, "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-300")}
      {option("thumbs_down", "Not helpful", ThumbsDown, "bg-red-50 text-red-800 ring-1 ring-red-300")}
      <span role="status" className="text-xs text-slate-600">
        {rating ? "Recorded" : ""}
      </span>
    </div>
  );
}

/** After a result is rated not helpful: a correction, an evaluation item, a comment on the search. */
export function NotHelpfulFollowUp({ slug, runId, query }: { slug: string; runId: string; query: string }) {
  const [comment, setComment] = useState("");
  const [sent, setSent] = useState(false);
  const send = useAction(commentOnSearch, { toastErrors: true });
  const canCorrect = useCan("corrections:write");
  const canManageEvaluations = useCan("evaluations:manage");
  return (
    <div className="mt-3 space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="not-helpful-follow-up">
      {canCorrect && (
        <p className="text-slate-700">
          A name or term written wrong in the documents?{" "}
          <Link href={`/t/${slug}/corrections/all?${new URLSearchParams({ original: query })}#add-correction`} className="inline-flex items-center gap-1 font-medium text-indigo-700 underline">
            <SpellCheck aria-hidden className="size-4" /> Add a correction
          </Link>
        </p>
      )}
      {canManageEvaluations && <AddToEvaluation slug={slug} query={query} />}
      {sent ? (
        <p role="status" className="text-xs text-slate-600">
          Comment saved with this search.
        </p>
      ) : (
        <form
          className="flex flex-wrap gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const result = await send.run({ tenant: slug, runId, comment });
            if (result.ok) setSent(true);
          }}
        >
          <input
            aria-label="What was wrong?"
            placeholder="What was wrong? (optional)"
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            className="min-w-0 flex-1 basis-48 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
          />
          <Button type="submit" variant="secondary" disabled={!comment.trim() || send.pending}>
            Send comment
          </Button>
        </form>
      )}
    </div>
  );
}
