"use client";

import { SpellCheck, ThumbsDown, ThumbsUp } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { giveFeedback } from "@/app/(console)/t/[slug]/search/actions";
import { useCan } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useAction } from "@/components/ui/use-action";
import { AddToEvaluation } from "./add-to-evaluation";
import type { Feedback } from "@/db/schema";

export function FeedbackBar({ slug, runId, query, canManageEvaluations }: { slug: string; runId: string; query: string; canManageEvaluations: boolean }) {
  const [given, setGiven] = useState<Feedback | null>(null);
  const [comment, setComment] = useState("");
  const [sent, setSent] = useState(false);
  const send = useAction(giveFeedback, { toastErrors: true });
  const canCorrect = useCan("corrections:write");

  async function rate(feedback: Feedback) {
    const result = await send.run({ tenant: slug, runId, feedback });
    if (result.ok) setGiven(feedback);
  }

  return (
    <div className="space-y-2 rounded-xl border border-slate-200 bg-white p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-700">Were these results helpful?</span>
        <Button variant="ghost" aria-label="Helpful" aria-pressed={given === "thumbs_up"} disabled={send.pending} onClick={() => rate("thumbs_up")} className={cn(given === "thumbs_up" && "bg-emerald-50 text-emerald-700")}>
          <ThumbsUp aria-hidden className="size-4" />
        </Button>
        <Button variant="ghost" aria-label="Not helpful" aria-pressed={given === "thumbs_down"} disabled={send.pending} onClick={() => rate("thumbs_down")} className={cn(given === "thumbs_down" && "bg-red-50 text-red-700")}>
          <ThumbsDown aria-hidden className="size-4" />
        </Button>
        {given && <span role="status" className="text-xs text-slate-500">Thanks, recorded.</span>}
      </div>
      {given === "thumbs_down" && canCorrect && (
        <p className="text-slate-600">
          A name or term written wrong in the documents?{" "}
          <Link href={`/t/${slug}/corrections/all?${new URLSearchParams({ original: query })}#add-correction`} className="inline-flex items-center gap-1 font-medium text-indigo-700 underline">
            <SpellCheck aria-hidden className="size-4" /> Add a correction
          </Link>
        </p>
      )}
      {given === "thumbs_down" && canManageEvaluations && <AddToEvaluation slug={slug} query={query} />}
      {given === "thumbs_down" && !sent && (
        <form
          className="flex flex-wrap gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const result = await send.run({ tenant: slug, runId, feedback: "thumbs_down", comment });
            if (result.ok) {
              setSent(true);
              toast.success("Comment saved with this search.");
            }
          }}
        >
          <input
            aria-label="What was wrong?"
            placeholder="What was wrong? (optional)"
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            className="min-w-64 flex-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
          />
          <Button type="submit" variant="secondary" disabled={!comment.trim() || send.pending}>
            Send comment
          </Button>
        </form>
      )}
    </div>
  );
}
