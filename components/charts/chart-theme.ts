import { lazyDateFormat } from "@/components/ui/format";

/** One colour per search mode everywhere, and a small palette for other series. */
export const MODE_COLORS: Record<string, string> = { hybrid: "#6366f1", semantic: "#10b981", fulltext: "#f59e0b" };
export const MODE_LABELS: Record<string, string> = { hybrid: "Hybrid", semantic: "Semantic", fulltext: "Full-text" };
export const SERIES_COLORS = { primary: "#6366f1", good: "#10b981", bad: "#ef4444", warn: "#f59e0b", muted: "#94a3b8", p50: "#6366f1", p95: "#f59e0b", p99: "#ef4444" };

// Made when the first chart draws: the dashboard imports this module while it starts.
const hourFormat = lazyDateFormat({ hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dayFormat = lazyDateFormat({ day: "numeric", month: "short", timeZone: "UTC" });

/** Axis label for a bucket start (ISO, UTC). */
export function formatBucket(iso: string, bucket: "hour" | "day"): string {
  return bucket === "hour" ? hourFormat(iso) : dayFormat(iso);
}
