import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, memberships, tenantContext, tenantCorrections, tenants, users } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { startTenantExport } from "./export-service";
import { ENTRY, EXPORT_FORMAT, IMPORT_LIMITS } from "./format";
import { applyTenantImport, previewTenantImport } from "./import-service";
import { collect, makeZip } from "./zip-test-helpers";

const manifest = (version = 1) => JSON.stringify({ format: EXPORT_FORMAT, version, tenant: { name: "Source", slug: "source" }, exported_at: "2026-05-01T00:00:00.000000Z" });
const correction = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ original_text: "Chuck Wuma", corrected_text: "Chukwuma", confidence: 0.8, status: "approved", source: "manual", context: null, ...fields });
const glossaryEntry = (fields: Record<string, unknown> = {}) => JSON.stringify({ entity_text: "Orlu", entity_type: "place", authority_score: 0.9, source_id: null, ...fields });

describe("tenant import", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let source: Actor;
  let target: Actor;
  let n = 0;

  /** Writes an archive where the route would have put the upload. */
  async function archiveFile(zip: Buffer): Promise<string> {
    const file = path.join(dir, `archive-${++n}.zip`);
    await writeFile(file, zip);
    return file;
  }

  const rowsOf = (actor: Actor) =>
    withTenant(actor, async (tx) => ({
      corrections: await tx.select().from(tenantCorrections).orderBy(asc(tenantCorrections.originalText)),
      glossary: await tx.select().from(tenantContext).orderBy(asc(tenantContext.entityText)),
    }));
  const importsInto = (tenantId: string) => withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "tenant.imported"))));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-import-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    handle = await createTestDatabase();
    const [alice, bob] = await handle.db.insert(users).values([{ email: "alice@source.test" }, { email: "bob@target.test" }]).returning();
    const [from, into] = await handle.db.insert(tenants).values([{ name: "Source Radio", slug: "source" }, { name: "Target Radio", slug: "target" }]).returning();
    source = { tenantId: from!.id, role: "owner", userId: alice!.id, email: alice!.email };
    target = { tenantId: into!.id, role: "member", userId: bob!.id, email: bob!.email };
    await withSystem("test", async (tx) => {
      await tx.insert(memberships).values([
        { userId: alice!.id, tenantId: from!.id, role: "owner" },
        { userId: bob!.id, tenantId: into!.id, role: "member" },
      ]);
      await tx.insert(tenantCorrections).values([
        { tenantId: from!.id, originalText: "Opus Odima", originalKey: "opus odima", correctedText: "Hope Uzodinma", confidence: 0.92, status: "approved", reviewedBy: alice!.id, reviewedAt: new Date("2026-02-03T04:05:06Z"), usageCount: 12, successCount: 5 },
        { tenantId: from!.id, originalText: "Owery", originalKey: "owery", correctedText: "Owerri", confidence: 0.6, context: "We drove to Owery.", reviewReason: "2 of the last 3 applications were wrong" },
        { tenantId: from!.id, originalText: "Imo Stat", originalKey: "imo stat", correctedText: "Imo State", confidence: 0.3, status: "rejected", isEnabled: false },
      ]);
      await tx.insert(tenantContext).values([
        { tenantId: from!.id, entityText: "Hope Uzodinma", entityType: "person", authorityScore: 0.95, sourceId: "press-kit" },
        { tenantId: from!.id, entityText: "Owerri", entityType: "place", authorityScore: 0.9 },
        { tenantId: from!.id, entityText: "Imo State", entityType: "place", authorityScore: 0.85 },
      ]);
      // Already in the target: the same correction written in another case, and a glossary entry with another authority.
      await tx.insert(tenantCorrections).values({ tenantId: into!.id, originalText: "OPUS  odima", originalKey: "opus odima", correctedText: "Hope Uzodinma", confidence: 0.5 });
      await tx.insert(tenantContext).values({ tenantId: into!.id, entityText: "Owerri", entityType: "place", authorityScore: 0.4 });
    });
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("previews, imports once, and a second import adds nothing", async () => {
    const exported = await archiveFile(await collect((await startTenantExport({ actor: source, includeFiles: true })).stream));
    const auditsBefore = (await importsInto(target.tenantId)).length;

    const preview = await previewTenantImport({ actor: target, archivePath: exported });
    expect(preview).toEqual({
      source: { tenant: { name: "Source Radio", slug: "source" }, exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      corrections: { new: 2, present: 1, invalid: 0 },
      glossary: { new: 2, present: 1, changed: 1, invalid: 0 },
      errors: [],
      errorCount: 0,
    });
    // A preview writes nothing, not even an audit entry.
    expect((await rowsOf(target)).corrections).toHaveLength(1);
    expect(await importsInto(target.tenantId)).toHaveLength(auditsBefore);

    expect(await applyTenantImport({ actor: target, archivePath: exported })).toEqual({
      corrections: { added: 2, present: 1 },
      glossary: { added: 2, updated: 1, unchanged: 0 },
    });
    const after = await rowsOf(target);
    expect(after.corrections.map((c) => [c.originalText, c.correctedText, c.status])).toEqual([
      ["Imo Stat", "Imo State", "rejected"],
      // The target's own row is kept as it was.
      ["OPUS  odima", "Hope Uzodinma", "suggested"],
      ["Owery", "Owerri", "suggested"],
    ]);
    const owery = after.corrections.find((c) => c.originalText === "Owery")!;
    expect(owery).toMatchObject({ confidence: 0.6, context: "We drove to Owery.", reviewReason: "2 of the last 3 applications were wrong", usageCount: 0, reviewedBy: null, isEnabled: true });
    expect(after.corrections.find((c) => c.originalText === "Imo Stat")).toMatchObject({ isEnabled: false, reviewedBy: null });
    expect(after.glossary.map((g) => [g.entityText, g.entityType, g.authorityScore, g.sourceId])).toEqual([
      ["Hope Uzodinma", "person", 0.95, "press-kit"],
      ["Imo State", "place", 0.85, null],
      ["Owerri", "place", 0.9, null],
    ]);
    const audits = await importsInto(target.tenantId);
    expect(audits).toHaveLength(auditsBefore + 1);
    expect(audits.at(-1)).toMatchObject({
      actor: { userId: target.userId },
      details: { from: { slug: "source", name: "Source Radio" }, corrections: { added: 2, present: 1 }, glossary: { added: 2, updated: 1, unchanged: 0 } },
    });

    expect(await previewTenantImport({ actor: target, archivePath: exported })).toMatchObject({ corrections: { new: 0, present: 3 }, glossary: { new: 0, present: 3, changed: 0 } });
    expect(await applyTenantImport({ actor: target, archivePath: exported })).toEqual({ corrections: { added: 0, present: 3 }, glossary: { added: 0, updated: 0, unchanged: 3 } });
    expect(await rowsOf(target)).toEqual(after);
  });

  it("an approved correction from the archive is a correction with an approval, not a reviewer from elsewhere", async () => {
    const [row] = await withTenant(target, (tx) => tx.select().from(tenantCorrections).where(eq(tenantCorrections.originalText, "Imo Stat")));
    expect(row!.reviewedBy).toBeNull();
    expect(row!.tenantId).toBe(target.tenantId);
    // The source's rows are untouched by the import.
    expect((await rowsOf(source)).corrections.map((c) => c.reviewedBy)).toContain(source.userId);
  });

  it("reports bad lines by file and line number, and imports nothing while any remain", async () => {
    const archive = await archiveFile(
      await makeZip({
        [ENTRY.manifest]: manifest(),
        [ENTRY.corrections]: [
          correction({ original_text: "Good One", corrected_text: "Fine One" }),
          correction({ confidence: 1.5 }),
          "{not json",
          "",
          correction({ original_text: "Same", corrected_text: "Same" }),
          correction({ original_text: "GOOD one", corrected_text: "Fine One" }),
          correction({ status: "maybe" }),
        ].join("\n"),
        [ENTRY.glossary]: [glossaryEntry(), glossaryEntry({ entity_type: "" }), glossaryEntry()].join("\r\n"),
      }),
    );
    const before = await rowsOf(target);
    const preview = await previewTenantImport({ actor: target, archivePath: archive });
    expect(preview.corrections).toEqual({ new: 1, present: 0, invalid: 5 });
    expect(preview.glossary).toEqual({ new: 1, present: 0, changed: 0, invalid: 2 });
    expect(preview.errorCount).toBe(7);
    expect(preview.errors.map((e) => `${e.file}:${e.line}`)).toEqual([
      "corrections.ndjson:2",
      "corrections.ndjson:3",
      "corrections.ndjson:5",
      "corrections.ndjson:6",
      "corrections.ndjson:7",
      "glossary.ndjson:2",
      "glossary.ndjson:3",
    ]);
    expect(preview.errors[0]!.message).toBe("confidence: Confidence is between 0 and 1.");
    expect(preview.errors[1]!.message).toBe("Not valid JSON.");
    expect(preview.errors[3]!.message).toBe("Repeats line 1.");
    expect(preview.errors[5]!.message).toMatch(/^entity_type: Give the entity a type/);

    const refused = applyTenantImport({ actor: target, archivePath: archive });
    await expect(refused).rejects.toMatchObject({ code: "bad_request:import", status: 400 });
    await expect(refused).rejects.toThrow(/Nothing was imported: 7 lines are invalid\. corrections\.ndjson line 2: confidence: .*…and 2 more\./);
    expect(await rowsOf(target)).toEqual(before);
  });

  it("refuses a zip bomb, a small archive whose NDJSON unpacks past the limit, by counting while it unpacks", async () => {
    const line = `${correction()}\n`;
    const huge = Buffer.from(line.repeat(Math.ceil((IMPORT_LIMITS.unpackedBytes + 1024 * 1024) / line.length)));
    const bomb = await makeZip({ [ENTRY.manifest]: manifest(), [ENTRY.corrections]: huge });
    expect(bomb.length).toBeLessThan(huge.length / 100);
    const archive = await archiveFile(bomb);
    await expect(previewTenantImport({ actor: target, archivePath: archive })).rejects.toMatchObject({ code: "bad_request:archive", message: expect.stringMatching(/unpacks to more than 32 MB/) });
  });

  it("refuses a zip bomb that declares a small size, as soon as the data outgrows it", async () => {
    const huge = Buffer.alloc(IMPORT_LIMITS.unpackedBytes * 2, "a");
    const zip = await makeZip({ [ENTRY.manifest]: manifest(), [ENTRY.corrections]: huge });
    // Declare 1 KB in the central directory entry of corrections.ndjson (uncompressed size at offset 24).
    const name = Buffer.from(ENTRY.corrections);
    const centralHeader = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
    let at = zip.lastIndexOf(centralHeader);
    while (at >= 0 && !zip.subarray(at + 46, at + 46 + name.length).equals(name)) at = zip.lastIndexOf(centralHeader, at - 1);
    expect(at).toBeGreaterThan(0);
    zip.writeUInt32LE(1024, at + 24);
    const archive = await archiveFile(zip);
    await expect(previewTenantImport({ actor: target, archivePath: archive })).rejects.toMatchObject({ code: "bad_request:archive", message: expect.stringMatching(/damaged \(too many bytes/) });
  });

  it.each([
    ["a file that is not a zip", () => Buffer.from("just some text, not an archive"), /not a zip archive, or it is damaged/],
    ["a zip without a manifest", () => makeZip({ [ENTRY.corrections]: correction() }), /no manifest\.json/],
    ["a manifest of another format", () => makeZip({ [ENTRY.manifest]: JSON.stringify({ format: "something-else", version: 1 }), [ENTRY.corrections]: correction() }), /does not describe a workspace export/],
    ["a newer export format", () => makeZip({ [ENTRY.manifest]: manifest(2), [ENTRY.corrections]: correction() }), /newer version of the console/],
    ["an export with neither corrections nor glossary", () => makeZip({ [ENTRY.manifest]: manifest() }), /nothing to import/],
    ["corrections that are not UTF-8", () => makeZip({ [ENTRY.manifest]: manifest(), [ENTRY.corrections]: Buffer.from([0xff, 0xfe, 0x7b]) }), /not UTF-8/],
  ])("refuses %s with a clear message", async (_case, build, message) => {
    const archive = await archiveFile(await build());
    await expect(previewTenantImport({ actor: target, archivePath: archive })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(message) });
  });

  it("reports a line longer than any row without keeping it", async () => {
    const long = correction({ context: "x".repeat(IMPORT_LIMITS.lineChars) });
    const archive = await archiveFile(await makeZip({ [ENTRY.manifest]: manifest(), [ENTRY.corrections]: `${long}\n${correction({ original_text: "Short" })}` }));
    const preview = await previewTenantImport({ actor: target, archivePath: archive });
    expect(preview.errors).toEqual([{ file: ENTRY.corrections, line: 1, message: "Longer than 65,536 characters." }]);
    expect(preview.corrections).toMatchObject({ new: 1, invalid: 1 });
  });

  it("is refused to a viewer", async () => {
    const archive = await archiveFile(await makeZip({ [ENTRY.manifest]: manifest(), [ENTRY.glossary]: glossaryEntry({ entity_text: "Viewer Was Here" }) }));
    const viewer: Actor = { ...target, role: "viewer" };
    await expect(previewTenantImport({ actor: viewer, archivePath: archive })).rejects.toMatchObject({ code: "forbidden:scope" });
    await expect(applyTenantImport({ actor: viewer, archivePath: archive })).rejects.toMatchObject({ code: "forbidden:scope" });
    const [row] = await withSystem("test", (tx) => tx.select({ n: count() }).from(tenantContext).where(eq(tenantContext.entityText, "Viewer Was Here")));
    expect(row!.n).toBe(0);
  });
});
