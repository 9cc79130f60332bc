import type { ConfidenceLevel, CorrectionStatus } from "@/db/schema";

/** A tenant_corrections row as the JSON routes send it (dates as ISO strings). */
export interface CorrectionJson {
  id: string;
  originalText: string;
  correctedText: string;
  confidence: number;
  confidenceLevel: ConfidenceLevel;
  usageCount: number;
  source: string;
  context: string | null;
  status: CorrectionStatus;
  isEnabled: boolean;
  reviewReason: string | null;
  successCount: number;
  failureCount: number;
  successRate: number | null;
  conflict: boolean;
  lastAppliedAt: string | null;
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CorrectionListJson {
  corrections: CorrectionJson[];
  total: number;
  queueCount: number;
  conflictCount: number;
  sources: string[];
}

export interface GlossaryEntryJson {
  id: string;
  entityText: string;
  entityType: string;
  authorityScore: number;
  sourceId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GlossaryListJson {
  entries: GlossaryEntryJson[];
  total: number;
  types: string[];
}

export const correctionsKey = (slug: string) => ["tenants", slug, "corrections"] as const;
export const glossaryKey = (slug: string) => ["tenants", slug, "glossary"] as const;

export const LEVEL_LABELS: Record<ConfidenceLevel, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High", VERY_HIGH: "Very high" };
export const LEVEL_STYLES: Record<ConfidenceLevel, string> = {
  LOW: "bg-slate-100 text-slate-700",
  MEDIUM: "bg-amber-100 text-amber-800",
  HIGH: "bg-emerald-100 text-emerald-800",
  VERY_HIGH: "bg-emerald-700 text-white",
};
