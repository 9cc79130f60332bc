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
import { isConnectionLost } from "./connection-lost";
import { lockDataDir } from "./data-dir-lock";
import { takingTurns } from "./pglite-turns";
import * as schema from "./schema";
import { readEnv } from "@/lib/env";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;
export type DriverName = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Database;
  driver: DriverName;
  /**
   * PGlite, in this process or in the one `npm start` runs it in: one engine, no autovacuum, and no
   * other process can be working on the same data.
   */
  embedded: boolean;
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
  db.transaction = takingTurns(db.transaction.bind(db)) as typeof db.transaction;
  return {
    db: db as unknown as Database,
    driver: "pglite",
    embedded: true,
    pglite: client,
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

/** Opens the embedded database in `dataDir` (in memory without one); `sharedBuffers` is its page cache (PGLITE_SHARED_BUFFERS). */
export async function openPglite(dataDir: string | undefined, sharedBuffers = readEnv().PGLITE_SHARED_BUFFERS): Promise<DatabaseHandle> {
  const startParams = [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffers}`];
  if (!dataDir) return wrapPglite(await PGlite.create({ extensions: { vector }, startParams }));
  // PGlite does not create missing parent folders.
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const handle = wrapPglite(await PGlite.create({ dataDir, extensions: { vector }, startParams }));
    return { ...handle, close: () => handle.close().finally(release) };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Survives the connection dropping under a transaction. postgres.js 3.4 answers a failed
 * transaction callback by writing ROLLBACK, and on a connection that has just closed that write
 * throws from a timer (`reading 'write' of null`, uncatchable) and leaves the connection unable to
 * reconnect: every later query ends in CONNECT_TIMEOUT until a restart (porsager/postgres#1208).
 * So when a query failed because its connection closed, the callback is left pending: the driver
 * rejects the transaction itself as that connection closes, and the server has rolled it back.
 */
function rollBackOnlyOnOpenConnections(db: ReturnType<typeof drizzlePostgres<Schema>>): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) =>
    transaction((tx) => fn(tx).catch((error: unknown) => (isConnectionLost(error) ? new Promise<never>(() => {}) : Promise.reject(error))), config)) as typeof db.transaction;
}

export function wrapPostgres(client: postgres.Sql): DatabaseHandle {
  const db = drizzlePostgres({ client, ...drizzleOptions });
  rollBackOnlyOnOpenConnections(db);
  return {
    db: db as unknown as Database,
    driver: "postgres",
    embedded: false,
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

/**
 * The embedded database served by its own process on a Unix socket (lib/runtime/embedded-database.ts).
 * It serves one connection, so transactions take turns in lanes as they do in-process.
 */
export function openEmbeddedSocket(socketPath: string): DatabaseHandle {
  const handle = wrapPostgres(postgres({ path: socketPath, username: "postgres", database: "postgres", max: 1, onnotice: () => {} }));
  handle.db.transaction = takingTurns(handle.db.transaction.bind(handle.db)) as typeof handle.db.transaction;
  return { ...handle, embedded: true };
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

/** The roles requests switch to (SET LOCAL ROLE); row level security is only as strong as they are restricted. */
export const APPLICATION_ROLES = ["tkc_app", "tkc_system", "tkc_retention"] as const;

export class UnrestrictedRoleError extends Error {
  constructor(roles: { role: string; superuser: boolean; bypassrls: boolean }[]) {
    const named = roles.map((r) => `${r.role} (${[r.superuser && "SUPERUSER", r.bypassrls && "BYPASSRLS"].filter(Boolean).join(", ")})`);
    const fix = roles.map((r) => `ALTER ROLE ${r.role} NOSUPERUSER NOBYPASSRLS;`).join(" ");
    super(
      `Refusing to start: the database role ${named.join(" and ")} bypasses row level security, so one workspace ` +
        `could read and change another's data. Connect as a superuser and run \`${fix}\`, then start again.`,
    );
    this.name = "UnrestrictedRoleError";
  }
}

/** Throws when an application role is a superuser or bypasses RLS; a role not created yet (before migrations) passes. */
export async function assertApplicationRolesRestricted(db: Executor): Promise<void> {
  const unrestricted = await queryRows<{ role: string; superuser: boolean; bypassrls: boolean }>(
    db,
    sql`select rolname as role, rolsuper as superuser, rolbypassrls as bypassrls from pg_roles
         where rolname in (${sql.join(APPLICATION_ROLES.map((r) => sql`${r}`), sql`, `)}) and (rolsuper or rolbypassrls)
         order by rolname`,
  );
  if (unrestricted.length > 0) throw new UnrestrictedRoleError(unrestricted);
}

/** Checks a freshly opened handle with assertApplicationRolesRestricted, closing it when the check fails. */
export async function refuseUnrestrictedRoles(handle: DatabaseHandle): Promise<DatabaseHandle> {
  try {
    await assertApplicationRolesRestricted(handle.db);
    return handle;
  } catch (error) {
    // The refusal is what the operator needs to read; a failure to close is logged, not thrown over it.
    await handle.close().catch((closeError: unknown) => console.error("closing a refused database failed", { error: closeError }));
    throw error;
  }
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
