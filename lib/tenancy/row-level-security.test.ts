import type { PGlite, Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_ROLES, type DatabaseHandle } from "@/db/connect";
import {
  apiKeys,
  auditLog,
  chunks,
  correctionHistory,
  documents,
  evaluationRuns,
  searchResultFeedback,
  evaluationSetItems,
  evaluationSetResults,
  evaluationSets,
  invitations,
  memberships,
  retentionPolicies,
  ssoRules,
  tenantContext,
  tenantCorrections,
  tenants,
  users,
  uploadKeys,
} from "@/db/schema";
import { createTestDatabase } from "@/lib/testing/test-database";
import { withSystem } from "./with-tenant";

// What the database itself promises, read from its own catalogue rather than from the migrations'
// text: a tenant table added later without forced row level security fails here, not in production.

const TENANT_FILTER = "nullif(current_setting('app.tenant_id', true), '')";

/** A policy expression as PostgreSQL deparses it, without the casts and case it adds. */
const normalised = (expression: string | null) => (expression ?? "").toLowerCase().replace(/::[a-z ]+/g, "").replace(/\s+/g, " ");

async function tenantTables(pglite: PGlite): Promise<string[]> {
  const { rows } = await pglite.query<{ table: string }>(
    `select c.relname as table from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`,
  );
  return rows.map((r) => r.table);
}

/** The partitions of chunks (one per workspace, migration 0020), with the workspace each holds. */
async function chunkPartitions(pglite: PGlite): Promise<{ partition: string; tenant: string }[]> {
  const { rows } = await pglite.query<{ partition: string; tenant: string }>(
    `select c.relname as partition, substring(pg_get_expr(c.relpartbound, c.oid) from '[0-9a-f-]{36}') as tenant
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'chunks'::regclass order by 1`,
  );
  return rows;
}

/** A table's policies as the catalogue holds them, without its name. */
async function policies(pglite: PGlite, table: string) {
  const { rows } = await pglite.query<{ polname: string }>(
    `select p.polname, p.polcmd, p.polpermissive, array(select r::regrole::text from unnest(p.polroles) r order by 1) as roles,
            pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
       from pg_policy p where p.polrelid = $1::regclass order by p.polname`,
    [table],
  );
  return rows;
}

/** Runs `fn` as the application role, the way withTenant does, with `tenant` as app.tenant_id (or nothing set). */
async function asApp<T>(pglite: PGlite, tenant: string | undefined, fn: (tx: PgliteTransaction) => Promise<T>): Promise<T> {
  return pglite.transaction(async (tx) => {
    await tx.exec("set local role tkc_app");
    if (tenant !== undefined) await tx.query("select set_config('app.tenant_id', $1, true)", [tenant]);
    return fn(tx);
  });
}

async function rowCount(tx: Pick<PGlite, "query">, table: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(`select count(*)::int as n from "${table}"`);
  return rows[0]!.n;
}

/**
 * Tries, as the application role, to insert a copy of an existing row (as the superuser reads it,
 * without generated and serial columns) into each table; returns the database's refusal per table.
 */
async function insertRefusals(pglite: PGlite, tables: string[], tenant: string | undefined): Promise<Record<string, string>> {
  const refusals: Record<string, string> = {};
  for (const table of tables) {
    const { rows: columns } = await pglite.query<{ name: string }>(
      `select a.attname as name from pg_attribute a
         left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' and a.attidentity = ''
          and coalesce(pg_get_expr(d.adbin, d.adrelid), '') not like 'nextval(%'
        order by a.attnum`,
      [table],
    );
    const list = columns.map((c) => `"${c.name}"`).join(", ");
    const { rows } = await pglite.query<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from "${table}" t limit 1`);
    refusals[table] = "inserted";
    try {
      await asApp(pglite, tenant, (tx) =>
        tx.query(`insert into "${table}" (${list}) select ${list} from jsonb_populate_record(null::"${table}", $1::jsonb)`, [JSON.stringify(rows[0]!.row)]),
      );
    } catch (error) {
      refusals[table] = (error as Error).message;
    }
  }
  return refusals;
}

describe("row level security, as the catalogue states it", () => {
  let handle: DatabaseHandle;
  let pglite: PGlite;
  let tables: string[];
  let tenantA: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    pglite = handle.pglite!;
    tables = await tenantTables(pglite);
    // Rows in every tenant table of two tenants, so "sees nothing" below means something.
    const [user] = await handle.db.insert(users).values({ email: "rls@example.test", fullName: "RLS" }).returning();
    const created = await handle.db
      .insert(tenants)
      .values([
        { name: "RLS A", slug: "rls-a" },
        { name: "RLS B", slug: "rls-b" },
      ])
      .returning();
    tenantA = created[0]!.id;
    await withSystem("seed every tenant table", async (tx) => {
      for (const [i, tenant] of created.entries()) {
        const tenantId = tenant.id;
        await tx.insert(memberships).values({ userId: user!.id, tenantId, role: "owner" });
        await tx.insert(invitations).values({ tenantId, email: "x@example.test", role: "viewer", tokenHash: `rls-${i}`, expiresAt: new Date(Date.now() + 60_000) });
        await tx.insert(apiKeys).values({ tenantId, name: "k", prefix: `tkc_rls${i}`, keyHash: `rls-key-${i}`, scopes: ["search:run"] });
        const [doc] = await tx
          .insert(documents)
          .values({ tenantId, filename: "a.txt", mimeType: "text/plain", fileSize: 1, sha256: String(i).repeat(64), storageKey: `rls/${i}` })
          .returning();
        await tx.insert(chunks).values({ tenantId, documentId: doc!.id, ordinal: 0, content: "hello", tokenCount: 1 });
        await tx.insert(uploadKeys).values({ tenantId, key: `rls-upload-${i}`, documentId: doc!.id });
        const [run] = await tx
          .insert(evaluationRuns)
          .values({
            tenantId,
            userId: user!.id,
            query: "q",
            mode: "hybrid",
            latencyMs: 3,
            userFeedback: "thumbs_down",
            sources: [{ documentId: doc!.id, rank: 1, score: 1 }],
          })
          .returning();
        await tx
          .insert(searchResultFeedback)
          .values({ tenantId, runId: run!.id, documentId: doc!.id, rank: 1, rating: "thumbs_down", userId: user!.id, runCreatedAt: run!.createdAt, mode: "hybrid" });
        const [set] = await tx.insert(evaluationSets).values({ tenantId, name: "s" }).returning();
        await tx.insert(evaluationSetItems).values({ tenantId, setId: set!.id, query: "q" });
        await tx
          .insert(evaluationSetResults)
          .values({ tenantId, setId: set!.id, mode: "hybrid", k: 10, recallAtK: 1, mrr: 1, ndcgAt10: 1, queryCount: 1, embeddingModel: "m" });
        const [correction] = await tx.insert(tenantCorrections).values({ tenantId, originalText: "a", originalKey: "a", correctedText: "A", confidence: 0.5 }).returning();
        await tx.insert(correctionHistory).values({ tenantId, correctionId: correction!.id, originalText: "a", correctedText: "A" });
        await tx.insert(tenantContext).values({ tenantId, entityText: "A", entityType: "person" });
        await tx.insert(retentionPolicies).values({ tenantId, resource: "audit_log", retainDays: 30 });
        await tx.insert(ssoRules).values({ tenantId, kind: "group", value: "rls", role: "viewer" });
        await tx.insert(auditLog).values({ tenantId, actor: { userId: user!.id }, action: "test.seed" });
        await tx.execute(sql`insert into concept_models (tenant_id, version, text_config, dimensions, chunks) values (${tenantId}, 1, 'english', 2, 1)`);
        await tx.execute(sql`insert into concept_terms (tenant_id, version, lexeme, concept) values (${tenantId}, 1, 'hello', '[1,0]')`);
        await tx.execute(sql`insert into chunk_concepts (tenant_id, chunk_id, version, concept) select ${tenantId}, id, 1, '[1,0]' from chunks where tenant_id = ${tenantId}`);
      }
    });
  });

  afterAll(() => handle?.close());

  // First, before any transaction of this connection has set app.tenant_id: then the setting does
  // not exist at all, which current_setting(..., true) answers with NULL rather than ''.
  it("with app.tenant_id never set in the session, the application role sees nothing, reads never error, and inserts are refused", async () => {
    const { rows } = await pglite.query<{ defined: boolean }>("select current_setting('app.tenant_id', true) is null as defined");
    expect(rows[0]!.defined, "this test must run before anything sets app.tenant_id").toBe(true);
    const seen = await asApp(pglite, undefined, async (tx) => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await rowCount(tx, t)] as const))));
    expect(seen).toEqual(Object.fromEntries(tables.map((t) => [t, 0])));
    expect(await insertRefusals(pglite, tables, undefined)).toEqual(Object.fromEntries(tables.map((t) => [t, expect.stringMatching(/row-level security/)])));
  });

  it("finds the tenant tables, and every one of them holds seeded rows of both tenants", async () => {
    // A floor, so a broken catalogue query cannot pass the checks below vacuously.
    expect(tables).toEqual(expect.arrayContaining(["documents", "chunks", "memberships", "audit_log", "evaluation_runs", "evaluation_run_stats"]));
    for (const table of tables) {
      const { rows } = await pglite.query<{ n: number }>(`select count(distinct tenant_id)::int as n from "${table}"`);
      expect({ table, tenants: rows[0]!.n }, "seed this table in beforeAll").toEqual({ table, tenants: 2 });
    }
  });

  it("every table with a tenant_id has row level security enabled and forced", async () => {
    const { rows } = await pglite.query<{ table: string; enabled: boolean; forced: boolean }>(
      `select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname = any($1::text[]) order by 1`,
      [tables],
    );
    expect(rows).toEqual(tables.map((table) => ({ table, enabled: true, forced: true })));
  });

  it("every policy that applies to tkc_app on a tenant table reads app.tenant_id through nullif, for reads and writes", async () => {
    const { rows } = await pglite.query<{ table: string; policy: string; command: string; permissive: boolean; using: string | null; check: string | null }>(
      `select c.relname as table, p.polname as policy, p.polcmd as command, p.polpermissive as permissive,
              pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
         from pg_policy p join pg_class c on c.oid = p.polrelid
        where c.relname = any($1::text[])
          and ('tkc_app'::regrole = any(p.polroles) or 0::oid = any(p.polroles))
        order by 1, 2`,
      [tables],
    );
    // Policies TO PUBLIC count too: a permissive one with a looser filter would widen what tkc_app sees.
    expect(new Set(rows.map((r) => r.table))).toEqual(new Set(tables));
    for (const row of rows) {
      const where = `${row.table}.${row.policy}`;
      expect(normalised(row.using), `${where} USING`).toContain(TENANT_FILTER);
      // polcmd '*' is FOR ALL; without its own WITH CHECK, USING also checks new rows.
      expect(row.command, `${where} command`).toBe("*");
      if (row.check !== null) expect(normalised(row.check), `${where} WITH CHECK`).toContain(TENANT_FILTER);
    }
  });

  it("the application roles cannot log in, are not superusers and do not bypass row level security", async () => {
    const { rows } = await pglite.query<{ role: string; super: boolean; bypass: boolean; login: boolean }>(
      "select rolname as role, rolsuper as super, rolbypassrls as bypass, rolcanlogin as login from pg_roles where rolname = any($1::text[]) order by 1",
      [[...APPLICATION_ROLES]],
    );
    expect(rows).toEqual([...APPLICATION_ROLES].sort().map((role) => ({ role, super: false, bypass: false, login: false })));
  });

  it.each([
    ["set to ''", ""],
    ["left over as '' from an earlier transaction", undefined],
  ] as const)("with app.tenant_id %s, the application role sees no row of any tenant table, nor of tenants or users", async (_label, value) => {
    await pglite.transaction((tx) => tx.query("select set_config('app.tenant_id', $1, true)", [tenantA]));
    const seen = await asApp(pglite, value, async (tx) => {
      const counts: Record<string, number> = {};
      for (const table of [...tables, "tenants", "users"]) counts[table] = await rowCount(tx, table);
      return counts;
    });
    expect(seen).toEqual(Object.fromEntries([...tables, "tenants", "users"].map((t) => [t, 0])));
  });

  it("with app.tenant_id set, the application role sees exactly its tenant's rows (the policies are not simply empty)", async () => {
    const leaks = await asApp(pglite, tenantA, async (tx) => {
      const found: Record<string, { own: number; other: number }> = {};
      for (const table of tables) {
        const { rows } = await tx.query<{ own: number; other: number }>(
          `select count(*) filter (where tenant_id = $1)::int as own, count(*) filter (where tenant_id is distinct from $1)::int as other from "${table}"`,
          [tenantA],
        );
        found[table] = rows[0]!;
      }
      return found;
    });
    for (const table of tables) {
      expect(leaks[table]!.own, table).toBeGreaterThan(0);
      expect(leaks[table]!.other, table).toBe(0);
    }
  });

  it("every workspace has its own chunk partition, with row level security enabled and forced and the parent's policies", async () => {
    const partitions = await chunkPartitions(pglite);
    const { rows: workspaces } = await pglite.query<{ id: string }>("select id from tenants order by id");
    expect(partitions.map((p) => p.tenant).sort()).toEqual(workspaces.map((w) => w.id));
    const parentPolicies = await policies(pglite, "chunks");
    expect(parentPolicies.map((p) => p.polname)).toEqual(["system_access", "tenant_isolation"]);
    for (const { partition } of partitions) {
      const { rows } = await pglite.query<{ enabled: boolean; forced: boolean }>(
        "select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where oid = $1::regclass",
        [partition],
      );
      expect({ partition, ...rows[0] }).toEqual({ partition, enabled: true, forced: true });
      expect(await policies(pglite, partition), partition).toEqual(parentPolicies);
    }
  });

  it("naming another workspace's chunk partition directly, the application role sees none of its rows and cannot insert into it", async () => {
    const partitions = await chunkPartitions(pglite);
    const own = partitions.find((p) => p.tenant === tenantA)!.partition;
    const other = partitions.find((p) => p.tenant !== tenantA)!.partition;
    const seen = await asApp(pglite, tenantA, async (tx) => ({ own: await rowCount(tx, own), other: await rowCount(tx, other) }));
    expect(seen).toEqual({ own: 1, other: 0 });
    const refusals = await insertRefusals(pglite, [other], tenantA);
    expect(refusals[other]).toMatch(/row-level security/);
  });

  it("with app.tenant_id set to '', every insert into a tenant table is refused by row level security", async () => {
    expect(await insertRefusals(pglite, tables, "")).toEqual(Object.fromEntries(tables.map((t) => [t, expect.stringMatching(/row-level security/)])));
  });
});
