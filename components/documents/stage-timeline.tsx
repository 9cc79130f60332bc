import { formatDateTime } from "@/components/ui/format";
import type { Stage } from "@/lib/documents/stages";

const LABELS: Record<Stage["stage"], string> = {
  stored: "Stored",
  queued: "Queued again",
  parsed: "Parsed",
  chunked: "Chunked",
  embedded: "Embedded",
  completed: "Completed",
  failed: "Failed",
  retrying: "Will retry",
};

export function StageTimeline({ stages }: { stages: Stage[] }) {
  if (stages.length === 0) return null;
  return (
    <section aria-labelledby="stages-heading" className="rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="stages-heading" className="text-lg font-semibold">
        Processing history
      </h2>
      <ol className="mt-3 space-y-2 border-l border-slate-200 pl-4 text-sm">
        {stages.map((s, i) => (
          <li key={`${s.stage}-${i}`} className="relative">
            <span aria-hidden className={`absolute -left-[21px] top-1.5 size-2.5 rounded-full ${s.stage === "failed" || s.stage === "retrying" ? "bg-red-500" : "bg-indigo-500"}`} />
            <span className="font-medium text-slate-900">{LABELS[s.stage]}</span>
            <span className="ml-2 text-slate-500">{formatDateTime(s.at)}</span>
            {s.ms !== undefined && <span className="ml-2 tabular-nums text-slate-500">{s.ms} ms</span>}
            {s.detail && <p className="text-slate-600">{s.detail}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
