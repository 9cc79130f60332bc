import { loadEnvConfig } from "@next/env";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { setDatabase } from "@/db/client";
import { hashPassword } from "@/lib/auth/password";
import { phraseKey } from "@/lib/corrections/words";
import { readEnv } from "@/lib/env";
import { LocalStorage } from "@/lib/storage/local-storage";
import { contentKey, type ObjectStorage } from "@/lib/storage/object-storage";
import { withTenant } from "@/lib/tenancy/with-tenant";
import type { DatabaseHandle } from "./connect";
import { generateCorrectionHistory } from "./demo/correction-history";
import { generateEvaluationRuns } from "./demo/evaluation-runs";
import { generateEvaluationSetResults } from "./demo/evaluation-set-results";
import { openConfiguredDatabase } from "./open-configured";
import {
  correctionHistory,
  documents,
  evaluationRuns,
  evaluationSetResults,
  evaluationSets,
  memberships,
  tenantContext,
  tenantCorrections,
  tenants,
  users,
  type Role,
} from "./schema";

/** Demo accounts; the README lists them. Never use these passwords outside a demo. */
export const DEMO_PASSWORD = "demo-password-1";
export const DEMO_ACCOUNTS: { email: string; fullName: string; tenant?: string; role?: Role; superuser?: boolean }[] = [
  { email: "owner@demo.test", fullName: "Olivia Owner", tenant: "demo", role: "owner" },
  { email: "admin@demo.test", fullName: "Adam Admin", tenant: "demo", role: "admin" },
  { email: "member@demo.test", fullName: "Mia Member", tenant: "demo", role: "member" },
  { email: "viewer@demo.test", fullName: "Victor Viewer", tenant: "demo", role: "viewer" },
  { email: "owner@acme.test", fullName: "Alice Acme", tenant: "acme", role: "owner" },
  { email: "super@demo.test", fullName: "Sam Superuser", superuser: true },
];

const DEMO_TENANTS = [
  { slug: "demo", name: "Demo Workspace" },
  { slug: "acme", name: "Acme Research" },
];

const DEMO_DOCUMENTS: { tenant: string; file: string; mimeType: string }[] = [
  { tenant: "demo", file: "onboarding-handbook.md", mimeType: "text/markdown" },
  { tenant: "demo", file: "product-faq.md", mimeType: "text/markdown" },
  { tenant: "demo", file: "governor-interview.srt", mimeType: "application/x-subrip" },
  { tenant: "demo", file: "quarterly-review-notes.txt", mimeType: "text/plain" },
  { tenant: "acme", file: "research-methods.md", mimeType: "text/markdown" },
];

const DEMO_GLOSSARY = [
  { tenant: "demo", entityText: "Hope Uzodinma", entityType: "person", authorityScore: 0.95 },
  { tenant: "demo", entityText: "Imo State", entityType: "place", authorityScore: 0.9 },
  { tenant: "demo", entityText: "Owerri", entityType: "place", authorityScore: 0.85 },
  { tenant: "demo", entityText: "Orlu", entityType: "place", authorityScore: 0.8 },
  { tenant: "acme", entityText: "Acme Research", entityType: "organisation", authorityScore: 0.9 },
];

const DEMO_CORRECTIONS = [
  { tenant: "demo", originalText: "Opus Odima", correctedText: "Hope Uzodinma", confidence: 0.93, status: "approved", usageCount: 12 },
  { tenant: "demo", originalText: "Imo stayed", correctedText: "Imo State", confidence: 0.81, status: "approved", usageCount: 7 },
  { tenant: "demo", originalText: "O where he", correctedText: "Owerri", confidence: 0.62, status: "suggested", usageCount: 0 },
  { tenant: "demo", originalText: "or lou", correctedText: "Orlu", confidence: 0.44, status: "suggested", usageCount: 0 },
] as const;

export const DEMO_DIR = path.join(process.cwd(), "db", "demo", "documents");

/** True when no user exists yet: the start-up command seeds only an empty database. */
export async function isDatabaseEmpty(handle: DatabaseHandle): Promise<boolean> {
  const [row] = await handle.db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/**
 * Inserts the demo data. Idempotent: every insert skips rows that already exist, and evaluation
 * runs are generated only for a tenant that has none, so running it twice changes nothing.
 */
export async function seedDemoData(handle: DatabaseHandle, storage: ObjectStorage): Promise<void> {
  setDatabase(handle);
  const { db } = handle;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db
    .insert(users)
    .values(DEMO_ACCOUNTS.map((a) => ({ email: a.email, fullName: a.fullName, passwordHash, isSuperuser: Boolean(a.superuser) })))
    .onConflictDoNothing();
  await db.insert(tenants).values(DEMO_TENANTS).onConflictDoNothing();

  const userRows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(sql`lower(${users.email})`, DEMO_ACCOUNTS.map((a) => a.email)));
  const tenantRows = await db.select({ id: tenants.id, slug: tenants.slug }).from(tenants).where(inArray(tenants.slug, DEMO_TENANTS.map((t) => t.slug)));
  const userId = (email: string) => userRows.find((u) => u.email.toLowerCase() === email)!.id;

  for (const tenant of tenantRows) {
    const owner = DEMO_ACCOUNTS.find((a) => a.tenant === tenant.slug && a.role === "owner")!;
    const actor = { tenantId: tenant.id, role: "owner" as const, userId: userId(owner.email) };
    await withTenant(actor, async (tx) => {
      const accounts = DEMO_ACCOUNTS.filter((a) => a.tenant === tenant.slug);
      await tx
        .insert(memberships)
        .values(accounts.map((a) => ({ userId: userId(a.email), tenantId: tenant.id, role: a.role! })))
        .onConflictDoNothing();

      for (const doc of DEMO_DOCUMENTS.filter((d) => d.tenant === tenant.slug)) {
        const bytes = readFileSync(path.join(DEMO_DIR, doc.file));
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        const storageKey = contentKey({ tenantId: tenant.id, sha256 });
        await storage.put(storageKey, bytes);
        // Left pending: the ingestion worker chunks and embeds them like any upload.
        await tx
          .insert(documents)
          .values({ tenantId: tenant.id, userId: actor.userId, filename: doc.file, mimeType: doc.mimeType, fileSize: bytes.length, sha256, storageKey, metadata: { demo: true } })
          .onConflictDoNothing();
      }

      const glossary = DEMO_GLOSSARY.filter((g) => g.tenant === tenant.slug);
      if (glossary.length) {
        await tx
          .insert(tenantContext)
          .values(glossary.map(({ tenant: _t, ...g }) => ({ ...g, tenantId: tenant.id, sourceId: "demo" })))
          .onConflictDoNothing();
      }
      const corrections = DEMO_CORRECTIONS.filter((c) => c.tenant === tenant.slug);
      if (corrections.length) {
        await tx
          .insert(tenantCorrections)
          .values(corrections.map(({ tenant: _t, ...c }) => ({
            ...c,
            originalKey: phraseKey(c.originalText),
            tenantId: tenant.id,
            source: "demo",
            reviewedBy: c.status === "approved" ? actor.userId : null,
            reviewedAt: c.status === "approved" ? new Date() : null,
          })))
          .onConflictDoNothing();
        const [history] = await tx.select({ n: count() }).from(correctionHistory).where(eq(correctionHistory.tenantId, tenant.id));
        if ((history?.n ?? 0) === 0) {
          const approved = await tx.select().from(tenantCorrections).where(and(eq(tenantCorrections.tenantId, tenant.id), eq(tenantCorrections.status, "approved")));
          for (const [n, correction] of approved.entries()) {
            const rows = generateCorrectionHistory(correction, { days: 30, seed: 10 + n });
            if (rows.length === 0) continue;
            await tx.insert(correctionHistory).values(rows);
            const latest = rows.reduce((a, b) => (a.appliedAt! > b.appliedAt! ? a : b));
            await tx
              .update(tenantCorrections)
              .set({ successCount: rows.filter((r) => r.wasSuccessful === true).length, failureCount: rows.filter((r) => r.wasSuccessful === false).length, lastAppliedAt: latest.appliedAt })
              .where(eq(tenantCorrections.id, correction.id));
          }
        }
      }

      const [existing] = await tx.select({ n: count() }).from(evaluationRuns).where(eq(evaluationRuns.tenantId, tenant.id));
      if ((existing?.n ?? 0) > 0) return;
      const docIds = (await tx.select({ id: documents.id }).from(documents).where(eq(documents.tenantId, tenant.id))).map((d) => d.id);
      const runs = generateEvaluationRuns({
        tenantId: tenant.id,
        userIds: accounts.map((a) => userId(a.email)),
        documentIds: docIds,
        days: 60,
        perWeekday: tenant.slug === "demo" ? 70 : 20,
        seed: tenant.slug === "demo" ? 1 : 2,
      });
      for (let i = 0; i < runs.length; i += 500) await tx.insert(evaluationRuns).values(runs.slice(i, i + 500));
      // Rated runs' ratings per result: a helpful first result, or the first two rated not helpful.
      await tx.execute(sql`INSERT INTO search_result_feedback (tenant_id, run_id, document_id, rank, rating, user_id, run_created_at, mode, created_at, updated_at)
        SELECT DISTINCT ON (r.id, s->>'documentId') r.tenant_id, r.id, (s->>'documentId')::uuid, (s->>'rank')::int, r.user_feedback, r.user_id, r.created_at, r.mode, r.created_at, r.created_at
        FROM evaluation_runs r CROSS JOIN LATERAL jsonb_array_elements(r.sources) s
        WHERE r.tenant_id = ${tenant.id}::uuid AND r.user_feedback IS NOT NULL
          AND (s->>'rank')::int <= CASE WHEN r.user_feedback = 'thumbs_up' THEN 1 ELSE 2 END
        ORDER BY r.id, s->>'documentId', (s->>'rank')::int`);
      // Weekly scores of a labelled set, so the dashboard's evaluation chart has a history.
      const [set] = await tx.insert(evaluationSets).values({ tenantId: tenant.id, name: "Demo questions", createdBy: actor.userId }).onConflictDoNothing().returning();
      if (set) await tx.insert(evaluationSetResults).values(generateEvaluationSetResults({ tenantId: tenant.id, setId: set.id, weeks: 8, seed: tenant.slug === "demo" ? 3 : 4 }));
    });
  }
}

async function main(): Promise<void> {
  loadEnvConfig(process.cwd());
  const env = readEnv();
  const handle = await openConfiguredDatabase();
  try {
    await seedDemoData(handle, new LocalStorage(env.storageDir));
    console.log("demo data seeded");
  } finally {
    await handle.close();
  }
}

if (process.argv[1]?.endsWith("seed.ts")) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
