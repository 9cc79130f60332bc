"use client";

import { Download } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { MODE_LABELS } from "@/components/charts/chart-theme";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";

const PRESETS = [
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 d" },
  { value: "30d", label: "30 d" },
  { value: "90d", label: "90 d" },
] as const;

/** Range and mode live in the URL, so a dashboard view can be shared and reloaded. */
export function RangePicker({ slug, preset, from, to, mode }: { slug: string; preset: string; from: string; to: string; mode: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [custom, setCustom] = useState({ from, to });
  const [showCustom, setShowCustom] = useState(preset === "custom");

  function go(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    startTransition(() => router.push(`${pathname}?${next}`));
  }

  const exportParams = new URLSearchParams(params);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {PRESETS.map((p) => (
          <button
            key={p.value}
            type="button"
            aria-pressed={preset === p.value && !showCustom}
            onClick={() => {
              setShowCustom(false);
              go({ range: p.value, from: "", to: "" });
            }}
            className={cn("rounded px-3 py-1.5 text-sm font-medium", preset === p.value && !showCustom ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100")}
          >
            {p.label}
          </button>
        ))}
        <button type="button" aria-pressed={showCustom} onClick={() => setShowCustom(true)} className={cn("rounded px-3 py-1.5 text-sm font-medium", showCustom ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100")}>
          Custom
        </button>
      </div>
      {showCustom && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            go({ range: "custom", from: custom.from, to: custom.to });
          }}
        >
          <label className="flex items-center gap-1 text-sm text-slate-700">
            From <Input type="date" required value={custom.from} max={custom.to || undefined} onChange={(e) => setCustom({ ...custom, from: e.target.value })} className="w-40" />
          </label>
          <label className="flex items-center gap-1 text-sm text-slate-700">
            to <Input type="date" required value={custom.to} min={custom.from || undefined} onChange={(e) => setCustom({ ...custom, to: e.target.value })} className="w-40" />
          </label>
          <Button type="submit" variant="secondary">Apply</Button>
        </form>
      )}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        Mode
        <Select value={mode} onChange={(e) => go({ mode: e.target.value })}>
          <option value="">All modes</option>
          {Object.entries(MODE_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Select>
      </label>
      {pending && <Spinner label="Updating the dashboard" className="text-indigo-600" />}
      <a href={`/api/t/${slug}/evaluation-runs/export?${exportParams}`} download className="ml-auto inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
        <Download aria-hidden className="size-4" /> Export runs (CSV)
      </a>
    </div>
  );
}
