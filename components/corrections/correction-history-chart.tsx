"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { getJson } from "@/components/ui/fetch-json";
import { formatDateTime } from "@/components/ui/format";
import { ERROR_SHOWN_IN_PLACE } from "@/components/ui/query-meta";

interface HistoryJson {
  daily: { day: string; applied: number; succeeded: number; failed: number }[];
  recent: { id: string; occurrences: number; wasSuccessful: boolean | null; appliedAt: string }[];
}

/** Applications per day over the last 90 days, with the outcomes people reported. */
export function CorrectionHistoryChart({ slug, id }: { slug: string; id: string }) {
  const history = useQuery({ meta: ERROR_SHOWN_IN_PLACE, queryKey: ["tenants", slug, "corrections", id, "history"], queryFn: () => getJson<HistoryJson>(`/api/t/${slug}/corrections/${id}/history`) });
  if (history.isPending) return <div className="h-40 animate-pulse rounded bg-slate-100" aria-label="Loading history" />;
  if (history.isError) return <p className="text-sm text-red-700">{history.error.message}</p>;
  const { daily, recent } = history.data;
  if (daily.length === 0) return <p className="text-sm text-slate-500">Not applied in the last 90 days.</p>;
  return (
    <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
      <figure aria-label="Applications and reported outcomes per day" className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={daily} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={{ fontSize: 11 }} label={{ value: "Day (UTC)", position: "insideBottom", offset: -8, fontSize: 11 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} label={{ value: "Count", angle: -90, position: "insideLeft", fontSize: 11 }} width={48} />
            <Tooltip />
            <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="applied" name="Occurrences corrected" fill="#6366f1" />
            <Bar dataKey="succeeded" name="Reported right" fill="#10b981" />
            <Bar dataKey="failed" name="Reported wrong" fill="#ef4444" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <ol className="space-y-1 text-xs text-slate-600" aria-label="Latest applications">
        {recent.slice(0, 8).map((h) => (
          <li key={h.id} className="flex justify-between gap-2">
            <span>{formatDateTime(h.appliedAt)}</span>
            <span>
              {h.occurrences > 0 ? `${h.occurrences}×` : "report"} ·{" "}
              {h.wasSuccessful === null ? "not reported" : h.wasSuccessful ? <span className="text-emerald-700">right</span> : <span className="text-red-700">wrong</span>}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
