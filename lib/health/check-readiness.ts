import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { MIGRATIONS_FOLDER, queryRows } from "@/db/connect";
import { documents } from "@/db/schema";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { isDatabaseUnavailable } from "./database-unavailable";
import { readinessSources, type ReadinessSource } from "./readiness-sources";

export interface DatabaseReport {
  driver: string;
  /** PGlite (in the server, or in its own process under `npm start`) rather than a PostgreSQL server. */
  embedded: boolean;
  postgres?: string;
  pgvector: string | null;
  migrations: { applied: number; expected: number; upToDate: boolean };
  roundTripMs: number;
}

/** The document queue: waiting (including retries not yet due) and being worked on. */
export type IngestBacklog = {
  queued: number;
  processing: number;
};

export type SourceReport = Record<string, number> | { error: string };

export interface ReadinessReport {
  /** Only the database decides: "unavailable" means it did not answer, and says why in `reason`. */
  status: "ready" | "unavailable";
  reason?: string;
  database?: DatabaseReport;
  ingest?: IngestBacklog;
  /** What registered sources (the worker pool) report; one that fails shows its error. */
  sources: Record<string, SourceReport>;
}

export const READINESS_TIMEOUT_MS = 2_000;

class TimedOut extends Error {}

/** `promise`, unless `ms` pass first: then a TimedOut naming `what`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The migrations shipped with this build do not change while it runs: read their journal once.
let expected: Promise<number> | undefined;
function expectedMigrations(): Promise<number> {
  expected ??= readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8").then((text) => (JSON.parse(text) as { entries: unknown[] }).entries.length);
  return expected;
}

async function probeDatabase(): Promise<DatabaseReport> {
  const { db, driver, embedded } = await getDatabase();
  const started = performance.now();
  await queryRows(db, sql`select 1 as one`);
  const roundTripMs = Math.round((performance.now() - started) * 100) / 100;
  const [info] = await queryRows<{ version: string; pgvector: string | null; applied: number }>(
    db,
    sql`select current_setting('server_version') as version,
               (select extversion from pg_extension where extname = 'vector') as pgvector,
               (select count(*)::int from drizzle.__drizzle_migrations) as applied`,
  );
  const expected = await expectedMigrations();
  const applied = Number(info?.applied ?? 0);
  return { driver, embedded, postgres: info?.version, pgvector: info?.pgvector ?? null, migrations: { applied, expected, upToDate: applied === expected }, roundTripMs };
}

/** Reads only the waiting and working rows, through the (status, locked_at) index the claim uses. */
async function readBacklog(): Promise<IngestBacklog> {
  const [row] = await withSystem("readiness reads the document queue's length", (tx) =>
    queryRows<IngestBacklog>(
      tx,
      sql`select count(*) filter (where status = 'pending')::int as queued, count(*) filter (where status = 'processing')::int as processing
          from ${documents} where status in ('pending', 'processing')`,
    ),
  );
  return row ?? { queued: 0, processing: 0 };
}

/** The database's part of the report; the reason names a code, never the driver's message. */
async function checkDatabase(timeoutMs: number): Promise<Omit<ReadinessReport, "sources">> {
  try {
    const [database, ingest] = await within(Promise.all([probeDatabase(), readBacklog()]), timeoutMs, "database");
    return { status: "ready", database, ingest };
  } catch (error) {
    if (error instanceof TimedOut) return { status: "unavailable", reason: error.message };
    console.error("readiness check failed", { error });
    // Drizzle keeps the driver's error, which carries the code, as the cause.
    const code = [error, (error as { cause?: unknown } | null)?.cause].map((e) => (e as { code?: unknown } | null | undefined)?.code).find((c) => typeof c === "string");
    const what = isDatabaseUnavailable(error) ? "database unreachable" : "database check failed";
    return { status: "unavailable", reason: `${what}${typeof code === "string" ? ` (${code})` : ""}` };
  }
}

async function readSource(source: ReadinessSource, timeoutMs: number): Promise<SourceReport> {
  const { name } = source;
  try {
    return await within(source.read(), timeoutMs, name);
  } catch (error) {
    if (error instanceof TimedOut) return { error: error.message };
    console.error("a readiness source failed", { source: name, error });
    return { error: `${name} failed to report; see the server log` };
  }
}

/**
 * Whether this process can serve: the database answers (round trip, versions, migrations) within
 * `timeoutMs`, with the document queue's length and each registered source's figures. Never throws.
 */
export async function checkReadiness({ timeoutMs = READINESS_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<ReadinessReport> {
  const [database, sources] = await Promise.all([
    checkDatabase(timeoutMs),
    Promise.all(readinessSources().map(async (source) => [source.name, await readSource(source, timeoutMs)] as const)),
  ]);
  return { ...database, sources: Object.fromEntries(sources) };
}
