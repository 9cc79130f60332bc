import type { ConfidenceLevel } from "@/db/schema";

/** The lowest confidence of each level; the database derives the level with the same bounds. */
export const LEVEL_FLOOR: Record<ConfidenceLevel, number> = { LOW: 0, MEDIUM: 0.5, HIGH: 0.75, VERY_HIGH: 0.9 };
const LEVELS_DESC: ConfidenceLevel[] = ["VERY_HIGH", "HIGH", "MEDIUM", "LOW"];
const MAX_CONFIDENCE = 0.99;

export function confidenceLevel(confidence: number): ConfidenceLevel {
  return LEVELS_DESC.find((l) => confidence >= LEVEL_FLOOR[l])!;
}

const clamp = (x: number) => Math.round(Math.min(MAX_CONFIDENCE, Math.max(0, x)) * 1000) / 1000;

/** A reviewer's approval is evidence: it lifts the confidence by 0.1, to at least MEDIUM's floor + 0.1. */
export function confidenceAfterApproval(confidence: number): number {
  return clamp(Math.max(confidence, LEVEL_FLOOR.MEDIUM) + 0.1);
}

/** How many of the latest outcomes are looked at, and how many failures among them flag a correction. */
export const RECENT_OUTCOMES = 5;
export const FAILURES_TO_FLAG = 3;

/**
 * Success nudges the confidence up by 0.02, failure down by 0.05. When failures keep coming
 * (3 of the latest 5, the newest being one), the correction drops a whole level and is flagged
 * for review.
 * @param recent outcomes newest first, including this one.
 */
export function confidenceAfterOutcome(
  confidence: number,
  recent: readonly boolean[],
): { confidence: number; flagReason: string | null } {
  const [latest] = recent;
  if (latest) return { confidence: clamp(confidence + 0.02), flagReason: null };
  const failures = recent.slice(0, RECENT_OUTCOMES).filter((ok) => !ok).length;
  if (failures < FAILURES_TO_FLAG) return { confidence: clamp(confidence - 0.05), flagReason: null };
  const level = confidenceLevel(confidence);
  const dropped = level === "LOW" ? confidence / 2 : LEVEL_FLOOR[level] - 0.05;
  return {
    confidence: clamp(Math.min(confidence - 0.05, dropped)),
    flagReason: `${failures} of the latest ${Math.min(recent.length, RECENT_OUTCOMES)} applications were reported wrong.`,
  };
}
