"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, Pencil, X } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { reviewCorrections } from "@/app/(console)/t/[slug]/corrections/actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { getJson } from "@/components/ui/fetch-json";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { correctionsKey, type CorrectionJson, type CorrectionListJson } from "./api";
import { ConfidenceBadge, ContextLine, CorrectionDiff } from "./correction-badges";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

const QUEUE_SIZE = 50;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

/**
 * Suggested corrections and approved ones flagged by failures, one in focus at a time:
 * A approves, E edits then approves, R rejects, J/K or the arrow keys move, X selects for bulk.
 */
export function ReviewQueue() {
  const { slug } = useTenant();
  const canReview = useCan("corrections:review");
  const queryClient = useQueryClient();
  const queue = useQuery({
    meta: ERROR_SHOWN_IN_PLACE,
    queryKey: [...correctionsKey(slug), "queue"],
    queryFn: () => getJson<CorrectionListJson>(`/api/t/${slug}/corrections?view=queue&sort=confidence&pageSize=${QUEUE_SIZE}`),
  });
  const review = useAction(reviewCorrections, { toastErrors: true });
  const [current, setCurrent] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const items = queue.data?.corrections ?? [];
  const focused: CorrectionJson | undefined = items[Math.min(current, items.length - 1)];

  const decide = useCallback(
    async (ids: string[], decision: "approve" | "reject", correctedText?: string) => {
      if (ids.length === 0) return;
      const result = await review.run({ tenant: slug, ids, decision, correctedText });
      if (!result.ok) return;
      toast.success(`${decision === "approve" ? "Approved" : "Rejected"} ${ids.length === 1 ? "1 correction" : `${ids.length} corrections`}.`);
      setSelected(new Set());
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: correctionsKey(slug) });
    },
    [review, slug, queryClient],
  );

  useEffect(() => {
    if (focused) itemRefs.current.get(focused.id)?.focus({ preventScroll: false });
  }, [focused]);

  useEffect(() => {
    if (!canReview) return;
    function onKey(event: KeyboardEvent) {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey || !focused || review.pending) return;
      const key = event.key.toLowerCase();
      if (key === "j" || event.key === "ArrowDown") setCurrent((i) => Math.min(i + 1, items.length - 1));
      else if (key === "k" || event.key === "ArrowUp") setCurrent((i) => Math.max(i - 1, 0));
      else if (key === "a") void decide([focused.id], "approve");
      else if (key === "r") void decide([focused.id], "reject");
      else if (key === "e") {
        setEditing(focused.id);
        setDraft(focused.correctedText);
      } else if (key === "x") {
        setSelected((s) => {
          const next = new Set(s);
          if (next.has(focused.id)) next.delete(focused.id);
          else next.add(focused.id);
          return next;
        });
      } else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canReview, focused, items.length, decide, review.pending]);

  if (queue.isPending) return <div className="h-40 animate-pulse rounded-xl bg-slate-100" aria-label="Loading the review queue" />;
  if (queue.isError)
    return (
      <p className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        {queue.error.message}{" "}
        <button className="font-medium underline" onClick={() => queue.refetch()}>
          Try again
        </button>
      </p>
    );
  if (items.length === 0)
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
        <p className="font-medium text-slate-800">The review queue is empty.</p>
        <p className="mt-1 text-sm text-slate-500">Cleaning a transcript proposes corrections from the glossary; they wait here for a reviewer.</p>
      </div>
    );

  const allSelected = selected.size === items.length;
  return (
    <section aria-labelledby="queue-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="queue-heading" className="text-lg font-semibold">
          Waiting for review <span className="font-normal text-slate-500">({queue.data.queueCount})</span>
        </h2>
        {canReview ? (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))} />
              Select all
            </label>
            <Button variant="secondary" disabled={selected.size === 0 || review.pending} onClick={() => decide([...selected], "approve")}>
              Approve selected ({selected.size})
            </Button>
            <Button variant="secondary" disabled={selected.size === 0 || review.pending} onClick={() => decide([...selected], "reject")}>
              Reject selected
            </Button>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Your role can see suggestions but not approve or reject them.</p>
        )}
      </div>
      {canReview && (
        <p className="text-xs text-slate-500" id="queue-shortcuts">
          Keyboard: <kbd className="rounded border px-1">A</kbd> approve · <kbd className="rounded border px-1">E</kbd> edit then approve ·{" "}
          <kbd className="rounded border px-1">R</kbd> reject · <kbd className="rounded border px-1">J</kbd>/<kbd className="rounded border px-1">K</kbd> next/previous ·{" "}
          <kbd className="rounded border px-1">X</kbd> select
        </p>
      )}
      <ul className="space-y-2" aria-describedby={canReview ? "queue-shortcuts" : undefined}>
        {items.map((item, index) => {
          const isCurrent = item.id === focused?.id;
          return (
            <li
              key={item.id}
              ref={(el) => {
                if (el) itemRefs.current.set(item.id, el);
                else itemRefs.current.delete(item.id);
              }}
              tabIndex={isCurrent ? 0 : -1}
              aria-current={isCurrent ? "true" : undefined}
              data-testid="queue-item"
              onFocus={() => setCurrent(index)}
              onClick={() => setCurrent(index)}
              className={cn(
                "space-y-2 rounded-xl border bg-white p-4 outline-none",
                isCurrent ? "border-indigo-400 ring-2 ring-indigo-500/20" : "border-slate-200",
              )}
            >
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="flex items-start gap-3">
                  {canReview && (
                    <input
                      type="checkbox"
                      className="mt-1"
                      aria-label={`Select ${item.originalText} → ${item.correctedText}`}
                      checked={selected.has(item.id)}
                      onChange={() =>
                        setSelected((s) => {
                          const next = new Set(s);
                          if (next.has(item.id)) next.delete(item.id);
                          else next.add(item.id);
                          return next;
                        })
                      }
                    />
                  )}
                  <div className="space-y-1">
                    <div className="text-base">
                      <CorrectionDiff original={item.originalText} corrected={item.correctedText} />
                    </div>
                    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                      <ConfidenceBadge level={item.confidenceLevel} confidence={item.confidence} />
                      <span>from {item.source}</span>
                      {item.status === "approved" && <span className="rounded bg-red-100 px-1.5 py-0.5 font-medium text-red-800">Approved, flagged: {item.reviewReason}</span>}
                    </div>
                  </div>
                </div>
                {canReview && (
                  <div className="flex gap-1">
                    <Button variant="secondary" aria-label={`Approve ${item.originalText} → ${item.correctedText}`} disabled={review.pending} onClick={() => decide([item.id], "approve")}>
                      <Check aria-hidden className="size-4" /> Approve
                    </Button>
                    <Button variant="ghost" aria-label={`Edit ${item.originalText} → ${item.correctedText}`} onClick={() => { setEditing(item.id); setDraft(item.correctedText); setCurrent(index); }}>
                      <Pencil aria-hidden className="size-4" /> Edit
                    </Button>
                    <Button variant="ghost" className="text-red-700" aria-label={`Reject ${item.originalText} → ${item.correctedText}`} disabled={review.pending} onClick={() => decide([item.id], "reject")}>
                      <X aria-hidden className="size-4" /> Reject
                    </Button>
                  </div>
                )}
              </div>
              {item.context && <ContextLine line={item.context} phrase={item.originalText} />}
              {editing === item.id && (
                <form
                  className="flex flex-wrap items-center gap-2"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void decide([item.id], "approve", draft.trim());
                  }}
                >
                  <label htmlFor={`edit-${item.id}`} className="text-sm text-slate-700">
                    Correct “{item.originalText}” to
                  </label>
                  <Input
                    id={`edit-${item.id}`}
                    autoFocus
                    value={draft}
                    maxLength={200}
                    onChange={(e) => setDraft(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === "Escape") {
                        e.preventDefault();
                        setEditing(null);
                        itemRefs.current.get(item.id)?.focus();
                      }
                    }}
                    className="max-w-xs"
                  />
                  <Button type="submit" disabled={!draft.trim() || review.pending}>
                    Approve edited
                  </Button>
                  <Button variant="ghost" onClick={() => setEditing(null)}>
                    Cancel
                  </Button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      {queue.data.queueCount > items.length && (
        <p className="text-sm text-slate-500">Showing the {items.length} most confident of {queue.data.queueCount}. Review these and the next ones appear.</p>
      )}
    </section>
  );
}
