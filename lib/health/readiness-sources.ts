/** A part of the process whose load readiness reports, e.g. the worker pool's queue depth. */
export interface ReadinessSource {
  name: string;
  read(): Promise<Record<string, number>>;
}

// On globalThis: Next.js bundles instrumentation.ts and the routes separately, each with its own
// copy of this module, and the route must see what start-up registered.
const globalForSources = globalThis as unknown as { __tkcReadinessSources?: Map<string, ReadinessSource> };
const sources = (globalForSources.__tkcReadinessSources ??= new Map());

/** Adds `source` to every readiness report, replacing one of the same name; returns its removal. */
export function registerReadinessSource(source: ReadinessSource): () => void {
  sources.set(source.name, source);
  return () => {
    if (sources.get(source.name) === source) sources.delete(source.name);
  };
}

export function readinessSources(): ReadinessSource[] {
  return [...sources.values()];
}
