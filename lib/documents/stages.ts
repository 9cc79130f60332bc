export type StageName = "stored" | "queued" | "parsed" | "chunked" | "embedded" | "completed" | "failed" | "retrying";

/** One step of a document's processing history, kept in its metadata for the document page. */
export interface Stage {
  stage: StageName;
  at: string;
  /** How long the step took, where it is timed. */
  ms?: number;
  detail?: string;
}

export interface DocumentMetadata {
  kind?: string;
  stages?: Stage[];
  /** Names the same content was uploaded under again (the first name stays the document's). */
  otherNames?: string[];
  [key: string]: unknown;
}

export function stage(name: StageName, extra: Omit<Stage, "stage" | "at"> = {}): Stage {
  return { stage: name, at: new Date().toISOString(), ...extra };
}

/** The metadata with `next` appended to its history; the rest is kept as it is. */
export function withStages(metadata: unknown, ...next: Stage[]): DocumentMetadata {
  const current = (metadata ?? {}) as DocumentMetadata;
  return { ...current, stages: [...(current.stages ?? []), ...next] };
}
