import type { EvaluationSource, Feedback, NewEvaluationRun, SearchMode } from "@/db/schema";
import { mulberry32 } from "@/lib/random/seeded";

const QUERIES = [
  "how do I reset my password",
  "which file types can I upload",
  "on-call handover time",
  "expense approval limit for travel",
  "how is hybrid search ranked",
  "home office equipment budget",
  "who is the governor of Imo State",
  "road projects in Owerri",
  "security briefing first week",
  "maximum upload size",
  "retention policy for evaluation runs",
  "glossary corrections approved last quarter",
  "core working hours",
  "reciprocal rank fusion",
  "interview transcript review process",
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

// Working-hours rhythm: weight per hour of day (UTC), quiet at night, peaks mid-morning and afternoon.
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 3, 6, 10, 14, 15, 13, 9, 12, 15, 14, 11, 8, 6, 4, 3, 2, 2, 1];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

function pickHour(random: () => number): number {
  let r = random() * HOUR_TOTAL;
  for (let h = 0; h < 24; h++) {
    r -= HOUR_WEIGHTS[h] ?? 0;
    if (r <= 0) return h;
  }
  return 23;
}

const MODES: { mode: SearchMode; weight: number; medianMs: number }[] = [
  { mode: "hybrid", weight: 0.6, medianMs: 38 },
  { mode: "semantic", weight: 0.25, medianMs: 22 },
  { mode: "fulltext", weight: 0.15, medianMs: 9 },
];

function pickMode(random: () => number): (typeof MODES)[number] {
  let r = random();
  for (const m of MODES) {
    r -= m.weight;
    if (r <= 0) return m;
  }
  return MODES[0]!;
}

/**
 * Demo evaluation runs for `days` days ending `now`: weekday/weekend rhythm, working-hours peaks,
 * log-normal latency with a long tail, mixed feedback, a few zero-result queries.
 */
export function generateEvaluationRuns(options: {
  tenantId: string;
  userIds: string[];
  documentIds: string[];
  days: number;
  perWeekday: number;
  seed: number;
  now?: Date;
}): NewEvaluationRun[] {
  const random = mulberry32(options.seed);
  const now = options.now ?? new Date();
  const runs: NewEvaluationRun[] = [];
  for (let d = options.days - 1; d >= 0; d--) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - d));
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    // Slow growth over the period plus day-to-day noise.
    const growth = 0.75 + (0.5 * (options.days - d)) / options.days;
    const count = Math.max(1, Math.round(options.perWeekday * growth * (weekend ? 0.25 : 1) * (0.8 + 0.4 * random())));
    for (let i = 0; i < count; i++) {
      const createdAt = new Date(day.getTime() + pickHour(random) * 3_600_000 + Math.floor(random() * 3_600_000));
      if (createdAt > now) continue;
      const { mode, medianMs } = pickMode(random);
      const tail = random() < 0.03 ? 4 + random() * 8 : 1;
      const latencyMs = Math.round(medianMs * Math.exp(0.45 * gaussian(random)) * tail * 10) / 10;
      const zeroResult = random() < 0.04;
      const quality = zeroResult ? 0 : Math.min(1, Math.max(0.05, 0.72 + 0.18 * gaussian(random)));
      const rated = !zeroResult && random() < 0.35;
      const feedback: Feedback | null = rated ? (random() < quality ? "thumbs_up" : "thumbs_down") : null;
      const query = pick(random, QUERIES);
      const sources: EvaluationSource[] = zeroResult
        ? []
        : Array.from({ length: 5 }, (_, rank) => ({
            documentId: pick(random, options.documentIds),
            rank: rank + 1,
            score: Math.round((quality - rank * 0.08) * 1000) / 1000,
          }));
      runs.push({
        tenantId: options.tenantId,
        userId: pick(random, options.userIds),
        query,
        mode,
        sources,
        latencyMs,
        tokenCount: query.split(/\s+/).length + 2,
        qualityScore: Math.round(quality * 1000) / 1000,
        userFeedback: feedback,
        metadata: { demo: true },
        createdAt,
      });
    }
  }
  return runs;
}
