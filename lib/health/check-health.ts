import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { MIGRATIONS_FOLDER, queryRows } from "@/db/connect";

export interface HealthReport {
  status: "ok" | "unavailable";
  driver?: string;
  postgres?: string;
  pgvector?: string | null;
  migrations?: { applied: number; expected: number; upToDate: boolean };
  roundTripMs?: number;
  reason?: string;
}

const TIMEOUT_MS = 5_000;

// The migrations shipped with this build do not change while it runs: read their journal once.
let expected: Promise<number> | undefined;
function expectedMigrations(): Promise<number> {
  expected ??= readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8").then((text) => (JSON.parse(text) as { entries: unknown[] }).entries.length);
  return expected;
}

async function probe(): Promise<HealthReport> {
  const { db, driver } = await getDatabase();
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
  return {
    status: "ok",
    driver,
    postgres: info?.version,
    pgvector: info?.pgvector ?? null,
    migrations: { applied, expected, upToDate: applied === expected },
    roundTripMs,
  };
}

/** Database reachability and versions; never throws, and answers within TIMEOUT_MS. */
export async function checkHealth(): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthReport>((resolve) => {
    timer = setTimeout(() => resolve({ status: "unavailable", reason: `database did not answer within ${TIMEOUT_MS} ms` }), TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe(), timeout]);
  } catch (error) {
    console.error("health check failed", { error });
    // Drizzle keeps the driver's error, which carries the code, as the cause.
    const code = [error, (error as { cause?: unknown } | null)?.cause].map((e) => (e as { code?: unknown } | null | undefined)?.code).find((c) => typeof c === "string");
    return { status: "unavailable", reason: `database unreachable${typeof code === "string" ? ` (${code})` : ""}` };
  } finally {
    clearTimeout(timer);
  }
}
