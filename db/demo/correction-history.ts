import type { NewCorrectionHistoryEntry, TenantCorrection } from "@/db/schema";
import { mulberry32 } from "@/lib/random/seeded";

const DAY_MS = 86_400_000;

/**
 * One application per recorded use of an approved demo correction, spread over the last `days`,
 * most never reported on, a few reported right and fewer wrong: enough for the history chart.
 */
export function generateCorrectionHistory(correction: TenantCorrection, { days, seed, now = new Date() }: { days: number; seed: number; now?: Date }): NewCorrectionHistoryEntry[] {
  const random = mulberry32(seed);
  return Array.from({ length: correction.usageCount }, () => {
    const appliedAt = new Date(now.getTime() - random() * days * DAY_MS);
    const roll = random();
    const wasSuccessful = roll < 0.55 ? null : roll < 0.93;
    return {
      tenantId: correction.tenantId,
      correctionId: correction.id,
      originalText: correction.originalText,
      correctedText: correction.correctedText,
      occurrences: 1,
      wasSuccessful,
      reportedAt: wasSuccessful === null ? null : new Date(appliedAt.getTime() + 3_600_000),
      appliedAt,
    };
  });
}
