/**
 * Process start-up, called once by Next.js before the server takes requests (never by `next build`).
 * The document worker and the retention schedule start here rather than when the database is first
 * opened, so db/ depends on nothing in lib/. Not awaited: the database opens while the server
 * already answers, and a database that is down at start must not keep the server from starting.
 */
export async function register(): Promise<void> {
  // Node-only modules (the database, the worker) load only in the Node.js runtime, and lazily.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ registerReadinessSource }, { poolStats }] = await Promise.all([import("@/lib/health/readiness-sources"), import("@/lib/workers/pool")]);
  registerReadinessSource({ name: "pool", read: async () => poolStats() });
  if (process.env.TKC_IN_PROCESS_WORKER === "true") {
    const { startInProcessWorker } = await import("@/lib/ingest/worker-host");
    void startInProcessWorker().catch((error: unknown) => console.error("the document worker did not start", { error }));
  }
}
