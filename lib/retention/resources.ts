import type { RetentionResource } from "@/db/schema";

// Kept apart from the zod schemas so the settings page can use the names without bundling zod.
export const RETENTION_RESOURCES = ["evaluation_runs", "audit_log", "failed_documents"] as const satisfies readonly RetentionResource[];

/** A Record, so a new value of the database enum fails to compile until it has a name here. */
export const RETENTION_LABELS: Record<RetentionResource, string> = {
  evaluation_runs: "evaluation runs",
  audit_log: "audit entries",
  failed_documents: "failed documents",
};

export const MIN_RETAIN_DAYS = 1;
export const MAX_RETAIN_DAYS = 3650;

/** Days to keep each resource; null keeps it forever (no policy row). */
export type RetentionDays = Record<RetentionResource, number | null>;

export interface RetentionPreviewRow {
  resource: RetentionResource;
  retainDays: number | null;
  /** ISO time; rows older than this go. Null when the resource is kept forever. */
  cutoff: string | null;
  rows: number;
}
