import { z } from "zod";
import { calendarDate } from "@/lib/api/calendar-date";
import { searchModeEnum, type SearchMode } from "@/db/schema";

export const RANGE_PRESETS = { "24h": 1, "7d": 7, "30d": 30, "90d": 90 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
const DAY_MS = 86_400_000;
const MAX_CUSTOM_DAYS = 366;

/** A dashboard window [from, to) with its bucket size and the same-length window before it. */
export interface DashboardRange {
  preset: RangePreset | "custom";
  from: Date;
  to: Date;
  previousFrom: Date;
  bucket: "hour" | "day";
  mode: SearchMode | null;
}


export const dashboardQuerySchema = z.object({
  range: z.enum([...(Object.keys(RANGE_PRESETS) as RangePreset[]), "custom"]).default("30d"),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  mode: z.enum(searchModeEnum.enumValues).optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/**
 * Turns URL parameters into a window. Presets end now; a custom range covers whole UTC days from
 * `from` to `to` inclusive. Anything unreadable falls back to the last 30 days rather than failing
 * the page, and the caller is told so.
 */
export function resolveRange(params: Record<string, string | string[] | undefined>, now = new Date()): { range: DashboardRange; problem: string | null } {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = dashboardQuerySchema.safeParse(flat);
  let problem: string | null = parsed.success ? null : "The link's range or mode was not understood; showing the last 30 days.";
  const query = parsed.success ? parsed.data : { range: "30d" as const, mode: undefined, from: undefined, to: undefined };
  let from: Date;
  let to: Date;
  if (query.range === "custom") {
    const start = query.from ? new Date(`${query.from}T00:00:00Z`) : null;
    const end = query.to ? new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS) : null;
    if (!start || !end || end <= start || end.getTime() - start.getTime() > MAX_CUSTOM_DAYS * DAY_MS) {
      problem = `A custom range needs a start and an end date, the end not before the start, at most ${MAX_CUSTOM_DAYS} days apart; showing the last 30 days.`;
      to = now;
      from = new Date(now.getTime() - 30 * DAY_MS);
    } else {
      from = start;
      to = end;
    }
  } else {
    to = now;
    from = new Date(now.getTime() - RANGE_PRESETS[query.range] * DAY_MS);
  }
  const span = to.getTime() - from.getTime();
  return {
    range: {
      preset: problem ? "30d" : query.range,
      from,
      to,
      previousFrom: new Date(from.getTime() - span),
      bucket: span <= 2 * DAY_MS ? "hour" : "day",
      mode: query.mode ?? null,
    },
    problem,
  };
}
