"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Download, Upload } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { approveSuggestions, reportOutcome, reviewCorrections } from "@/app/(console)/t/[slug]/corrections/actions";
import { useCan, useTenant } from "@/components/shell/tenant-context";
import { Button } from "@/components/ui/button";
import { postJson } from "@/components/ui/fetch-json";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";
import { Select } from "@/components/ui/select";
import { useAction } from "@/components/ui/use-action";
import type { CleanResponse } from "@/lib/corrections/clean-service";
import { LEVEL_FLOOR } from "@/lib/corrections/confidence";
import { describeLocation, detectTranscriptFormat, type TranscriptFormat } from "@/lib/corrections/transcript-format";
import { correctionsKey } from "./api";
import { ConfidenceBadge, CorrectionDiff } from "./correction-badges";
import { MarkedText, originalRanges } from "./marked-text";

const MAX_BYTES = 2_000_000;
const FORMAT_LABELS: Record<TranscriptFormat, string> = { srt: "SubRip (.srt)", vtt: "WebVTT (.vtt)", text: "Plain text" };
const EXTENSIONS: Record<TranscriptFormat, string> = { srt: ".srt", vtt: ".vtt", text: ".txt" };
const MIME: Record<TranscriptFormat, string> = { srt: "application/x-subrip", vtt: "text/vtt", text: "text/plain" };

/** Suggestions approved in one step: at or above one of the levels' floors. */
const THRESHOLDS = [
  { value: LEVEL_FLOOR.VERY_HIGH, label: "90% (very high)" },
  { value: LEVEL_FLOOR.HIGH, label: "75% (high)" },
  { value: LEVEL_FLOOR.MEDIUM, label: "50% (medium)" },
  { value: 0, label: "any confidence" },
];

/** The input's name with "-cleaned" and the extension of the format it was read in (subtitles saved as .txt come back as .srt). */
export function cleanedName(filename: string | null, format: TranscriptFormat): string {
  if (!filename) return `transcript-cleaned${EXTENSIONS[format]}`;
  const dot = filename.lastIndexOf(".");
  return `${dot > 0 ? filename.slice(0, dot) : filename}-cleaned${EXTENSIONS[format]}`;
}

export function CleanPage() {
  const { slug } = useTenant();
  const canReview = useCan("corrections:review");
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [content, setContent] = useState("");
  const [filename, setFilename] = useState<string | null>(null);
  const [encoding, setEncoding] = useState<string | null>(null);
  const [format, setFormat] = useState<TranscriptFormat | "auto">("auto");
  const [context, setContext] = useState("");
  const [decided, setDecided] = useState<Record<string, "accepted" | "rejected">>({});
  const [reported, setReported] = useState<Record<string, boolean>>({});
  const review = useAction(reviewCorrections, { toastErrors: true });
  const report = useAction(reportOutcome, { toastErrors: true });
  const approveAll = useAction(approveSuggestions, { toastErrors: true });
  const [threshold, setThreshold] = useState<number>(LEVEL_FLOOR.VERY_HIGH);
  const effectiveFormat: TranscriptFormat = format === "auto" ? detectTranscriptFormat(content, filename ?? undefined) : format;

  const clean = useMutation({
    meta: ERROR_SHOWN_IN_PLACE,
    mutationFn: () =>
      postJson<CleanResponse>(`/api/t/${slug}/clean`, {
        content,
        format: effectiveFormat,
        language: "en",
        context_sources: context.trim() ? [{ type: "description", content: context, source_id: "clean page", authority: 0.7 }] : [],
      }),
    onSuccess: async () => {
      setDecided({});
      setReported({});
      await queryClient.invalidateQueries({ queryKey: correctionsKey(slug) });
    },
  });
  const result = clean.data;

  async function readFile(file: File) {
    if (file.size > MAX_BYTES) {
      toast.error(`${file.name} is larger than 2 MB. Split the file and clean the parts.`);
      return;
    }
    // Loaded when a file is opened: the encoding tables are large and pasting never needs them.
    const { decodeText } = await import("@/lib/ingest/text-encoding");
    const decoded = decodeText(new Uint8Array(await file.arrayBuffer()));
    if (!decoded) {
      toast.error(`${file.name} is not a text file. Open an SRT, WebVTT or text file.`);
      return;
    }
    setContent(decoded.text);
    setEncoding(decoded.encoding);
    setFilename(file.name);
    setFormat("auto");
    clean.reset();
  }

  async function decide(id: string, decision: "approve" | "reject") {
    const outcome = await review.run({ tenant: slug, ids: [id], decision });
    if (!outcome.ok) return;
    setDecided((d) => ({ ...d, [id]: decision === "approve" ? "accepted" : "rejected" }));
    await queryClient.invalidateQueries({ queryKey: correctionsKey(slug) });
  }

  /** Approves every suggestion waiting at or above the chosen confidence, then cleans again so the download has them. */
  async function approveAtOrAbove(ids: string[]) {
    const outcome = await approveAll.run({ tenant: slug, ids, minConfidence: threshold });
    if (!outcome.ok) return;
    const { approved } = outcome.data;
    await queryClient.invalidateQueries({ queryKey: correctionsKey(slug) });
    if (approved === 0) {
      toast.info("None of those suggestions was still waiting at that confidence; nothing changed.");
      return;
    }
    toast.success(`Approved ${approved} ${approved === 1 ? "suggestion" : "suggestions"}; cleaned again with them.`);
    clean.mutate();
  }

  function download() {
    if (!result) return;
    const url = URL.createObjectURL(new Blob([result.content], { type: `${MIME[result.format]};charset=utf-8` }));
    const link = document.createElement("a");
    link.href = url;
    link.download = cleanedName(filename, result.format);
    link.click();
    URL.revokeObjectURL(url);
  }

  const appliedCount = result?.applied.reduce((n, a) => n + a.occurrences, 0) ?? 0;
  const skippedCount = result ? result.skipped_cues.length + result.skipped_cues_left_out : 0;
  const waiting = result?.suggestions.filter((s) => s.status === "suggested" && !decided[s.correction_id]) ?? [];
  const confident = waiting.filter((s) => s.confidence >= threshold);
  return (
    <div className="space-y-6">
      <form
        className="space-y-4 rounded-xl border border-slate-200 bg-white p-4"
        onSubmit={(e) => {
          e.preventDefault();
          clean.mutate();
        }}
      >
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="space-y-1">
            <label htmlFor="clean-content" className="block text-sm font-medium text-slate-700">Transcript or subtitles</label>
            <p className="text-xs text-slate-500">Paste text, or open an SRT, WebVTT or text file (up to 2 MB). Timings, cue numbers and styling are kept exactly.</p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <input
              ref={fileInput}
              type="file"
              accept=".srt,.vtt,.txt,text/plain,text/vtt,application/x-subrip"
              className="sr-only"
              aria-label="Open a subtitle or text file"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void readFile(file);
                e.target.value = "";
              }}
            />
            <Button variant="secondary" onClick={() => fileInput.current?.click()}>
              <Upload aria-hidden className="size-4" /> Open file
            </Button>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              Format
              <Select value={format} onChange={(e) => setFormat(e.target.value as TranscriptFormat | "auto")}>
                <option value="auto">Detect ({FORMAT_LABELS[effectiveFormat]})</option>
                {(Object.keys(FORMAT_LABELS) as TranscriptFormat[]).map((f) => <option key={f} value={f}>{FORMAT_LABELS[f]}</option>)}
              </Select>
            </label>
          </div>
        </div>
        {filename && (
          <p className="text-sm text-slate-600">
            Opened <span className="font-medium">{filename}</span> ({content.length.toLocaleString()} characters
            {encoding && encoding !== "UTF-8" && `, read as ${encoding}; the cleaned file is saved as UTF-8`}).
          </p>
        )}
        <textarea
          id="clean-content"
          value={content}
          onChange={(e) => {
            setContent(e.target.value);
            setFilename(null);
          }}
          rows={10}
          spellCheck={false}
          placeholder={"1\n00:00:01,000 --> 00:00:04,000\nOpus Odima is the governor of Imo State."}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm"
        />
        <div className="space-y-1">
          <label htmlFor="clean-context" className="block text-sm font-medium text-slate-700">Context (optional)</label>
          <textarea
            id="clean-context"
            value={context}
            onChange={(e) => setContext(e.target.value)}
            rows={2}
            maxLength={200_000}
            placeholder="e.g. the programme description: an interview with Hope Uzodinma, governor of Imo State"
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <p className="text-xs text-slate-500">Names found here are proposed like glossary entries, with less authority.</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={!content.trim() || clean.isPending}>
            {clean.isPending ? "Cleaning…" : result ? "Clean again" : "Clean"}
          </Button>
          {clean.isError && <p role="alert" className="text-sm text-red-700">{clean.error.message}</p>}
        </div>
      </form>

      {result && (
        <section aria-labelledby="clean-result-heading" className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="clean-result-heading" className="text-lg font-semibold">Result</h2>
            <Button variant="secondary" onClick={download}>
              <Download aria-hidden className="size-4" /> Download {cleanedName(filename, result.format)}
            </Button>
          </div>
          <p role="status" className="text-sm text-slate-700" data-testid="clean-summary">
            {appliedCount === 0 ? "No approved correction applied" : `${appliedCount} ${appliedCount === 1 ? "change" : "changes"} from ${result.applied.length} approved ${result.applied.length === 1 ? "correction" : "corrections"}`}
            {" · "}
            {result.suggestions.length === 0 ? "no new suggestions" : `${result.suggestions.length} ${result.suggestions.length === 1 ? "suggestion" : "suggestions"} for review`}
            {result.format !== "text" && ` · ${result.cue_count.toLocaleString("en")} cues`}
          </p>
          {(result.suggestions_left_out > 0 || result.context_entities_left_out > 0) && (
            <p className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="clean-left-out">
              {result.suggestions_left_out > 0 && `${result.suggestions_left_out.toLocaleString("en")} less confident suggestions were left out: review these, then clean again for the rest. `}
              {result.context_entities_left_out > 0 && `${result.context_entities_left_out.toLocaleString("en")} of the least mentioned names in the context sources were not used; send shorter sources, or list the names that matter as “entities”.`}
            </p>
          )}
          {skippedCount > 0 && (
            <div className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="clean-skipped">
              <p>
                {skippedCount === 1
                  ? "1 cue could not be read, so it is left exactly as written and not cleaned. Fix it in a subtitle editor to clean it too:"
                  : `${skippedCount.toLocaleString("en")} cues could not be read, so they are left exactly as written and not cleaned. Fix them in a subtitle editor to clean them too:`}
              </p>
              <ul className="mt-1 list-disc pl-5">
                {result.skipped_cues.map((cue) => <li key={cue.line}>Line {cue.line}: {cue.reason}</li>)}
              </ul>
              {result.skipped_cues_left_out > 0 && <p className="mt-1">{result.skipped_cues_left_out.toLocaleString("en")} more are not listed here.</p>}
            </div>
          )}
          {result.conflicts.length > 0 && (
            <p className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
              Not applied because approved corrections disagree:{" "}
              {result.conflicts.map((c) => `“${c.corrections[0]!.originalText}” → ${c.corrections.map((x) => `“${x.correctedText}”`).join(" or ")}`).join("; ")}. Switch one off on the Corrections tab.
            </p>
          )}

          {result.suggestions.length > 0 && (
            <div className="rounded-xl border border-amber-200 bg-amber-50/40 p-4">
              <h3 className="mb-2 font-medium">Suggestions</h3>
              {canReview && waiting.length > 0 && (
                <div className="mb-3 flex flex-wrap items-center gap-2 rounded-lg bg-white/70 p-2 text-sm" data-testid="approve-at-or-above">
                  <label htmlFor="approve-threshold" className="text-slate-700">Apply suggestions at or above</label>
                  <Select id="approve-threshold" value={String(threshold)} onChange={(e) => setThreshold(Number(e.target.value))}>
                    {THRESHOLDS.map((t) => <option key={t.value} value={String(t.value)}>{t.label}</option>)}
                  </Select>
                  <Button disabled={confident.length === 0 || approveAll.pending || clean.isPending} onClick={() => approveAtOrAbove(confident.map((s) => s.correction_id))}>
                    {approveAll.pending ? "Approving…" : confident.length === 0 ? "None at this confidence" : `Approve ${confident.length} and clean again`}
                  </Button>
                </div>
              )}
              <ul className="divide-y divide-amber-100">
                {result.suggestions.map((s) => (
                  <li key={s.correction_id} className="flex flex-wrap items-center justify-between gap-3 py-2" data-testid="suggestion">
                    <div className="space-y-0.5">
                      <CorrectionDiff original={s.original_text} corrected={s.suggested_text} />
                      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                        <ConfidenceBadge level={s.confidence_level as "LOW"} confidence={s.confidence} />
                        <span>{s.occurrences}× · first in {describeLocation(s.location)} · {s.source}</span>
                      </div>
                    </div>
                    {decided[s.correction_id] ? (
                      <span className="text-sm font-medium text-slate-700">{decided[s.correction_id] === "accepted" ? "Approved: clean again to apply it" : "Rejected"}</span>
                    ) : s.status === "approved" ? (
                      <span className="text-sm text-slate-500">Approved but switched off</span>
                    ) : canReview ? (
                      <span className="flex gap-1">
                        <Button variant="secondary" disabled={review.pending} onClick={() => decide(s.correction_id, "approve")} aria-label={`Accept ${s.original_text} → ${s.suggested_text}`}>Accept</Button>
                        <Button variant="ghost" className="text-red-700" disabled={review.pending} onClick={() => decide(s.correction_id, "reject")} aria-label={`Reject ${s.original_text} → ${s.suggested_text}`}>Reject</Button>
                      </span>
                    ) : (
                      <span className="text-sm text-slate-500">Waiting in the review queue</span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}

          {result.applied.length > 0 && (
            <div className="rounded-xl border border-emerald-200 bg-emerald-50/40 p-4">
              <h3 className="mb-2 font-medium">Applied corrections</h3>
              <ul className="divide-y divide-emerald-100">
                {result.applied.map((a) => (
                  <li key={a.application_id} className="flex flex-wrap items-center justify-between gap-3 py-2" data-testid="applied">
                    <span>
                      <CorrectionDiff original={a.original_text} corrected={a.corrected_text} /> <span className="text-sm text-slate-500">{a.occurrences}×</span>
                    </span>
                    {a.application_id in reported ? (
                      <span className="text-sm text-slate-600">Reported {reported[a.application_id] ? "right" : "wrong"}, thanks.</span>
                    ) : (
                      <span className="flex gap-1">
                        <Button variant="ghost" disabled={report.pending} onClick={async () => { if ((await report.run({ tenant: slug, correctionId: a.correction_id, applicationId: a.application_id, successful: true })).ok) setReported((r) => ({ ...r, [a.application_id]: true })); }}>Right</Button>
                        <Button variant="ghost" className="text-red-700" disabled={report.pending} onClick={async () => { if ((await report.run({ tenant: slug, correctionId: a.correction_id, applicationId: a.application_id, successful: false })).ok) setReported((r) => ({ ...r, [a.application_id]: false })); }}>Wrong</Button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}

          {result.segments.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500">Nothing to change: the file comes back exactly as it was.</p>
          ) : (
            <div className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white">
              <table className="w-full table-fixed text-sm" aria-label="Changes, side by side">
                <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="w-44 px-3 py-2 text-left font-medium">Where</th>
                    <th scope="col" className="px-3 py-2 text-left font-medium">Before</th>
                    <th scope="col" className="px-3 py-2 text-left font-medium">After</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 align-top">
                  {result.segments.map((segment, i) => (
                    <tr key={i} data-testid="diff-row">
                      <td className="px-3 py-2 text-xs text-slate-500">{describeLocation(segment.location)}</td>
                      <td className="px-3 py-2">
                        <MarkedText text={segment.original} marks={originalRanges(segment.applied).map((r) => ({ ...r, className: "rounded bg-red-100 text-red-900 line-through" }))} />
                      </td>
                      <td className="px-3 py-2">
                        <MarkedText
                          text={segment.cleaned}
                          marks={[
                            ...segment.applied.map((e) => ({ start: e.start, end: e.end, className: "rounded bg-emerald-100 text-emerald-900", title: "Applied correction", testId: "applied-mark" })),
                            ...segment.suggestions.map((s) => ({ start: s.start, end: s.end, className: "rounded bg-amber-100 text-amber-900 underline decoration-dashed", title: `Suggestion: ${s.suggestedText}`, testId: "suggested-mark" })),
                          ]}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {result.segments_left_out > 0 && (
                <p className="border-t border-slate-100 px-3 py-2 text-sm text-slate-600" data-testid="segments-left-out">
                  {result.segments_left_out.toLocaleString("en")} more changed {result.format === "text" ? "lines are" : "cues are"} not listed here; the download holds every change.
                </p>
              )}
              <p className="border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
                <mark className="rounded bg-emerald-100 px-1">green</mark> applied · <mark className="rounded bg-amber-100 px-1 underline decoration-dashed">amber</mark> suggested, not applied
              </p>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
