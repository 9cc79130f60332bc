/**
 * Where ingestion's time goes, step by step, for `npm run bench -- ingest` (issue #16: a profile,
 * not a guess). Off unless a benchmark starts it; then every step adds its wall time and count.
 * Steps of different documents overlap (the worker runs lanes, parsing runs on pool threads); the
 * embedded database runs one statement at a time, so its steps add up to its busy time.
 */
export interface StepTotal {
  step: string;
  count: number;
  ms: number;
}

const globalForProfile = globalThis as unknown as { __tkcIngestProfile?: Map<string, StepTotal> | null };

export function startIngestProfile(): void {
  globalForProfile.__tkcIngestProfile = new Map();
}

/** The steps recorded since startIngestProfile, in the order first seen; stops recording. */
export function takeIngestProfile(): StepTotal[] {
  const steps = [...(globalForProfile.__tkcIngestProfile?.values() ?? [])];
  globalForProfile.__tkcIngestProfile = null;
  return steps;
}

export function recordStep(step: string, ms: number): void {
  const profile = globalForProfile.__tkcIngestProfile;
  if (!profile) return;
  const total = profile.get(step) ?? { step, count: 0, ms: 0 };
  total.count++;
  total.ms += ms;
  profile.set(step, total);
}

/** Runs `fn`, recording its wall time as `step` when a profile is on. */
export async function profiled<T>(step: string, fn: () => Promise<T>): Promise<T> {
  if (!globalForProfile.__tkcIngestProfile) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    recordStep(step, performance.now() - started);
  }
}
