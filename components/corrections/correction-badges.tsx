import { cn } from "@/components/ui/cn";
import type { ConfidenceLevel } from "@/db/schema";
import { LEVEL_LABELS, LEVEL_STYLES } from "./api";

export function ConfidenceBadge({ level, confidence }: { level: ConfidenceLevel; confidence: number }) {
  return (
    <span className={cn("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium", LEVEL_STYLES[level])} title={`Confidence ${confidence.toFixed(2)}`}>
      {LEVEL_LABELS[level]} · {confidence.toFixed(2)}
    </span>
  );
}

/** "original → corrected" with the removed words struck through and the new ones emphasised. */
export function CorrectionDiff({ original, corrected }: { original: string; corrected: string }) {
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-2">
      <del className="rounded bg-red-50 px-1 text-red-800 decoration-red-400">{original}</del>
      <span aria-hidden className="text-slate-400">→</span>
      <span className="sr-only">becomes</span>
      <ins className="rounded bg-emerald-50 px-1 font-medium text-emerald-800 no-underline">{corrected}</ins>
    </span>
  );
}

/** The context line with every case-insensitive occurrence of `phrase` marked. */
export function ContextLine({ line, phrase }: { line: string; phrase: string }) {
  const parts: { text: string; hit: boolean }[] = [];
  const lower = line.toLocaleLowerCase();
  const needle = phrase.toLocaleLowerCase();
  let at = 0;
  while (needle && at < line.length) {
    const found = lower.indexOf(needle, at);
    if (found < 0) break;
    if (found > at) parts.push({ text: line.slice(at, found), hit: false });
    parts.push({ text: line.slice(found, found + needle.length), hit: true });
    at = found + needle.length;
  }
  if (at < line.length) parts.push({ text: line.slice(at), hit: false });
  return (
    <q className="whitespace-pre-line text-sm text-slate-600 before:content-none after:content-none">
      {parts.map((p, i) => (p.hit ? <mark key={i} className="rounded bg-amber-100 px-0.5 text-slate-900">{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </q>
  );
}
