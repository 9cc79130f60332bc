import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;
export type DriverName = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  driver: DriverName;
  /** The embedded engine itself, when the driver is PGlite (tests dump and clone it). */
  pglite?: PGlite;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

const drizzleOptions = { schema, casing: "snake_case" } as const;

/** Wraps an already-open PGlite (tests clone a migrated template into one). */
export function wrapPglite(client: PGlite): DatabaseHandle {
  const db = drizzlePglite({ client, ...drizzleOptions });
  return {
    db: db as unknown as Database,
    driver: "pglite",
    pglite: client,
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

export async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  // PGlite does not create missing parent folders.
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, extensions: { vector } });
  return wrapPglite(client);
}

export function wrapPostgres(client: postgres.Sql): DatabaseHandle {
  const db = drizzlePostgres({ client, ...drizzleOptions });
  return {
    db: db as unknown as Database,
    driver: "postgres",
    migrate: async () => {
      await assertPgvectorAvailable(db as unknown as Database);
      await migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => client.end({ timeout: 5 }),
  };
}

export function openPostgres(url: string, max: number): DatabaseHandle {
  return wrapPostgres(postgres(url, { max, onnotice: () => {} }));
}

export class PgvectorMissingError extends Error {
  constructor() {
    super(
      "The PostgreSQL server at DATABASE_URL does not have the pgvector extension available. " +
        "Install pgvector on the server (e.g. `apt-get install postgresql-<version>-pgvector`, or use an image " +
        "such as pgvector/pgvector), then run `CREATE EXTENSION vector;` as a superuser in this database, " +
        "or unset DATABASE_URL to use the embedded database.",
    );
    this.name = "PgvectorMissingError";
  }
}

async function assertPgvectorAvailable(db: Database): Promise<void> {
  const [row] = await queryRows<{ available: boolean }>(
    db,
    sql`select exists(select 1 from pg_available_extensions where name = 'vector') as available`,
  );
  if (!row?.available) throw new PgvectorMissingError();
}

/** Runs raw SQL and returns its rows; the two drivers shape `execute` results differently. */
export async function queryRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** True when a query failed on a unique constraint; Drizzle keeps the driver's error as the cause. */
export function isUniqueViolation(error: unknown): boolean {
  return [error, (error as { cause?: unknown } | null)?.cause].some((e) => (e as { code?: string } | undefined)?.code === "23505");
}

/** An ILIKE pattern that finds `text` anywhere, with the user's own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
