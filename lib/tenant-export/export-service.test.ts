import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, documents, evaluationRuns, memberships, tenantContext, tenantCorrections, tenants, users } from "@/db/schema";
import { contentKey } from "@/lib/storage/object-storage";
import { getStorage } from "@/lib/storage";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { startTenantExport } from "./export-service";
import { ENTRY, type ExportManifest } from "./format";
import { collect, ndjsonRows, unzip } from "./zip-test-helpers";

const PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$never-leaves-the-database";
const RUNS = 1203; // more than two export batches, all with one timestamp: the keyset must break ties by id

describe("tenant export", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let owner: Actor;
  let admin: Actor;
  const ids = { acme: "", beta: "", text: "", pdf: "", missing: "", betaDoc: "" };
  const textBytes = new TextEncoder().encode("Quarterly notes\nwith two lines\n");
  // Every byte value, so a text-mode slip anywhere would show.
  const pdfBytes = new Uint8Array([...new TextEncoder().encode("%PDF-1.7\n"), ...Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)]);

  async function storeDocument(tenantId: string, filename: string, mimeType: string, bytes: Uint8Array, stored = true) {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const storageKey = contentKey({ tenantId, sha256 });
    if (stored) await getStorage().put(storageKey, bytes);
    const [doc] = await withSystem("test", (tx) =>
      tx.insert(documents).values({ tenantId, filename, mimeType, fileSize: bytes.length, sha256, storageKey, status: "completed", metadata: { pages: 1 } }).returning(),
    );
    return doc!.id;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-export-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    handle = await createTestDatabase();
    const [ownerUser, adminUser, betaUser] = await handle.db
      .insert(users)
      .values([
        { email: "owner@acme.test", fullName: "Ada Owner", passwordHash: PASSWORD_HASH },
        { email: "admin@acme.test", fullName: "Abe Admin", passwordHash: PASSWORD_HASH },
        { email: "only-in-beta@beta.test", fullName: "Bea Beta", passwordHash: PASSWORD_HASH },
      ])
      .returning();
    const [acme, beta] = await handle.db.insert(tenants).values([{ name: "Acme Radio", slug: "acme" }, { name: "Beta Radio", slug: "beta" }]).returning();
    ids.acme = acme!.id;
    ids.beta = beta!.id;
    owner = { tenantId: acme!.id, role: "owner", userId: ownerUser!.id, email: ownerUser!.email };
    admin = { tenantId: acme!.id, role: "admin", userId: adminUser!.id, email: adminUser!.email };
    // Microseconds, which a JavaScript Date would round away: a cursor that lost them would repeat rows.
    const sameInstant = sql`'2026-03-01T10:00:00.123456Z'::timestamptz`;
    await withSystem("test", async (tx) => {
      await tx.insert(memberships).values([
        { userId: ownerUser!.id, tenantId: acme!.id, role: "owner" },
        { userId: adminUser!.id, tenantId: acme!.id, role: "admin" },
        { userId: betaUser!.id, tenantId: beta!.id, role: "owner" },
      ]);
      await tx.insert(tenantCorrections).values([
        { tenantId: acme!.id, originalText: "Opus Odima", originalKey: "opus odima", correctedText: "Hope Uzodinma", confidence: 0.92, status: "approved", reviewedBy: ownerUser!.id, reviewedAt: new Date(), usageCount: 7 },
        { tenantId: acme!.id, originalText: "Owery", originalKey: "owery", correctedText: "Owerri", confidence: 0.6, context: "We drove to Owery." },
        { tenantId: acme!.id, originalText: "Imo Stat", originalKey: "imo stat", correctedText: "Imo State", confidence: 0.3, status: "rejected" },
        { tenantId: beta!.id, originalText: "Beta Secret", originalKey: "beta secret", correctedText: "Beta Fixed", confidence: 0.8 },
      ]);
      await tx.insert(tenantContext).values([
        { tenantId: acme!.id, entityText: "Hope Uzodinma", entityType: "person", authorityScore: 0.95, sourceId: "press-kit" },
        { tenantId: acme!.id, entityText: "Owerri", entityType: "place" },
        { tenantId: beta!.id, entityText: "Beta Entity", entityType: "org" },
      ]);
      await tx.insert(evaluationRuns).values(Array.from({ length: RUNS }, (_, i) => ({ tenantId: acme!.id, userId: ownerUser!.id, query: `acme query ${i}`, mode: "hybrid" as const, latencyMs: 10 + i, createdAt: sameInstant })));
      await tx.insert(evaluationRuns).values({ tenantId: beta!.id, query: "beta query", mode: "semantic", latencyMs: 1 });
    });
    ids.text = await storeDocument(acme!.id, "notes.txt", "text/plain", textBytes);
    ids.pdf = await storeDocument(acme!.id, 'Q1 report: "final"?.pdf', "application/pdf", pdfBytes);
    ids.missing = await storeDocument(acme!.id, "lost.md", "text/markdown", new TextEncoder().encode("# gone"), false);
    ids.betaDoc = await storeDocument(beta!.id, "beta-only.txt", "text/plain", new TextEncoder().encode("beta-only original"));
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const exportsOf = (tenantId: string) => withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "tenant.exported"))));

  it("writes every table as NDJSON, the originals byte for byte, and a manifest with the counts", async () => {
    const { stream, filename } = await startTenantExport({ actor: owner, includeFiles: true });
    expect(filename).toMatch(/^acme-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = await unzip(await collect(stream));

    expect([...files.keys()].sort()).toEqual(
      [ENTRY.corrections, ENTRY.documents, ENTRY.evaluationRuns, ENTRY.glossary, ENTRY.manifest, ENTRY.members, `files/${ids.pdf}/Q1 report_ _final__.pdf`, `files/${ids.text}/notes.txt`].sort(),
    );
    expect(new Uint8Array(files.get(`files/${ids.text}/notes.txt`)!)).toEqual(textBytes);
    expect(new Uint8Array(files.get(`files/${ids.pdf}/Q1 report_ _final__.pdf`)!)).toEqual(pdfBytes);

    const manifest = JSON.parse(files.get(ENTRY.manifest)!.toString("utf8")) as ExportManifest;
    expect(manifest).toMatchObject({
      format: "tenant-knowledge-console/export",
      version: 1,
      tenant: { name: "Acme Radio", slug: "acme" },
      exported_by: "owner@acme.test",
      includes_files: true,
      counts: { corrections: 3, glossary: 2, evaluation_runs: RUNS, members: 2, documents: 3, files: 2 },
    });

    const corrections = ndjsonRows(files.get(ENTRY.corrections));
    expect(corrections.map((c) => c.original_text).sort()).toEqual(["Imo Stat", "Opus Odima", "Owery"]);
    expect(corrections.find((c) => c.original_text === "Opus Odima")).toMatchObject({ corrected_text: "Hope Uzodinma", status: "approved", confidence: 0.92, confidence_level: "VERY_HIGH", usage_count: 7 });
    expect(ndjsonRows(files.get(ENTRY.glossary)).find((g) => g.entity_text === "Hope Uzodinma")).toMatchObject({ entity_type: "person", authority_score: 0.95, source_id: "press-kit" });

    const runs = ndjsonRows(files.get(ENTRY.evaluationRuns));
    expect(runs).toHaveLength(RUNS);
    expect(new Set(runs.map((r) => r.id)).size).toBe(RUNS);
    expect(runs[0]!.created_at).toBe("2026-03-01T10:00:00.123456+00:00");

    const docs = ndjsonRows(files.get(ENTRY.documents));
    expect(docs.find((d) => d.id === ids.text)).toMatchObject({ filename: "notes.txt", mime_type: "text/plain", file_size: textBytes.length, metadata: { pages: 1 }, file: `files/${ids.text}/notes.txt` });
    // Its original is not in storage: the row says so rather than point at a file that is not there.
    expect(docs.find((d) => d.id === ids.missing)).toMatchObject({ filename: "lost.md", file: null });
    expect(docs.every((d) => !("storage_key" in d))).toBe(true);
  });

  it("lists members with email, name, role and joining date, and nothing of their account's secrets", async () => {
    const files = await unzip(await collect((await startTenantExport({ actor: owner, includeFiles: false })).stream));
    const members = ndjsonRows(files.get(ENTRY.members));
    expect(members.map((m) => Object.keys(m).sort())).toEqual([
      ["email", "joined_at", "name", "role", "user_id"],
      ["email", "joined_at", "name", "role", "user_id"],
    ]);
    expect(members.map((m) => [m.email, m.name, m.role]).sort()).toEqual([
      ["admin@acme.test", "Abe Admin", "admin"],
      ["owner@acme.test", "Ada Owner", "owner"],
    ]);
    const everything = [...files.values()].map((f) => f.toString("latin1")).join("\n");
    expect(everything).not.toContain(PASSWORD_HASH);
    expect(everything).not.toMatch(/password|argon2|token_hash|key_hash/i);
  });

  it("holds nothing of another workspace", async () => {
    const files = await unzip(await collect((await startTenantExport({ actor: owner, includeFiles: true })).stream));
    const everything = [...files.entries()].map(([name, f]) => `${name}\n${f.toString("latin1")}`).join("\n");
    for (const leak of [ids.beta, ids.betaDoc, "Beta Secret", "Beta Entity", "beta query", "only-in-beta@beta.test", "beta-only"]) expect(everything).not.toContain(leak);
  });

  it("leaves the originals out on request, and says so", async () => {
    const files = await unzip(await collect((await startTenantExport({ actor: owner, includeFiles: false })).stream));
    expect([...files.keys()].filter((name) => name.startsWith("files/"))).toEqual([]);
    expect(ndjsonRows(files.get(ENTRY.documents)).map((d) => d.file)).toEqual([null, null, null]);
    expect(JSON.parse(files.get(ENTRY.manifest)!.toString("utf8"))).toMatchObject({ includes_files: false, counts: { documents: 3, files: 0 } });
  });

  it("audits each export once, with its counts, before the download starts", async () => {
    const before = (await exportsOf(ids.acme)).length;
    const { stream } = await startTenantExport({ actor: owner, includeFiles: true });
    const entries = await exportsOf(ids.acme);
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      targetType: "tenant",
      targetId: ids.acme,
      actor: { userId: owner.userId, email: "owner@acme.test" },
      details: { includesFiles: true, counts: { corrections: 3, glossary: 2, evaluationRuns: RUNS, members: 2, documents: 3 } },
    });
    await stream.cancel();
    expect(await exportsOf(ids.acme)).toHaveLength(before + 1);
  });

  it("stops cleanly when the reader goes away half-way", async () => {
    const { stream } = await startTenantExport({ actor: owner, includeFiles: true });
    const reader = stream.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    // The next export is whole: nothing was left locked or half-open.
    const files = await unzip(await collect((await startTenantExport({ actor: owner, includeFiles: true })).stream));
    expect(ndjsonRows(files.get(ENTRY.evaluationRuns))).toHaveLength(RUNS);
  });

  it("ends the download with an error, not a complete-looking file, when an original cannot be read", async () => {
    const [gamma] = await handle.db.insert(tenants).values({ name: "Gamma", slug: "gamma" }).returning();
    const gammaOwner: Actor = { ...owner, tenantId: gamma!.id };
    const docId = await storeDocument(gamma!.id, "broken.txt", "text/plain", new TextEncoder().encode("unreadable"), false);
    const [doc] = await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.id, docId)));
    // A directory where the file should be: it exists, but reading it fails half-way through the export.
    await mkdir(path.join(dir, "files", doc!.storageKey), { recursive: true });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(collect((await startTenantExport({ actor: gammaOwner, includeFiles: true })).stream)).rejects.toThrow(/EISDIR/);
      expect(logged).toHaveBeenCalledWith("zip export failed", expect.objectContaining({ tenantId: gamma!.id }));
    } finally {
      logged.mockRestore();
    }
  });

  it("is refused to an admin, and the refusal is not an export", async () => {
    const before = (await exportsOf(ids.acme)).length;
    await expect(startTenantExport({ actor: admin, includeFiles: true })).rejects.toMatchObject({ code: "forbidden:scope" });
    expect(await exportsOf(ids.acme)).toHaveLength(before);
  });
});
