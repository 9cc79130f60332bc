import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, correctionHistory, tenantContext, tenantCorrections, tenants, users } from "@/db/schema";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { cleanContent } from "./clean-service";
import { approveSuggestionsAtOrAbove, createCorrection, getCorrectionHistory, listCorrections, reportOutcome, reviewCorrections, updateCorrection } from "./corrections-service";
import { createGlossaryEntry, exportGlossaryCsv, importGlossary, previewGlossaryImport } from "./glossary-service";
import { bulkApproveSchema, cleanSchema, correctionListSchema, MAX_BULK_APPROVE } from "./schemas";

const fixture = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");
const clean = (actor: Actor, input: Record<string, unknown>) => cleanContent({ actor, input: cleanSchema.parse(input) });
const list = (actor: Actor, query: Record<string, unknown> = {}) => listCorrections({ actor, query: correctionListSchema.parse(query) });

describe("correction memory", () => {
  let handle: DatabaseHandle;
  let reviewer: Actor;
  let viewer: Actor;
  let other: Actor;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "reviewer@example.test" }).returning();
    const [imo, elsewhere] = await handle.db.insert(tenants).values([{ name: "Imo Radio", slug: "imo-radio" }, { name: "Elsewhere", slug: "elsewhere" }]).returning();
    reviewer = { tenantId: imo!.id, role: "member", userId: user!.id };
    viewer = { tenantId: imo!.id, role: "viewer", userId: user!.id };
    other = { tenantId: elsewhere!.id, role: "owner", userId: user!.id };
    await createGlossaryEntry({ actor: reviewer, input: { entityText: "Hope Uzodinma", entityType: "person", authorityScore: 0.95 } });
    await createGlossaryEntry({ actor: reviewer, input: { entityText: "Imo State", entityType: "place", authorityScore: 0.9 } });
    await createGlossaryEntry({ actor: reviewer, input: { entityText: "Owerri", entityType: "place", authorityScore: 0.9 } });
  });

  afterAll(() => handle?.close());

  it("proposes Opus Odima -> Hope Uzodinma, applies it once approved, and counts the usage", async () => {
    const srt = fixture("imo-interview-crlf-bom.srt");
    const first = await clean(reviewer, { content: srt, format: "srt" });
    expect(first.content).toBe(srt);
    expect(first.applied).toEqual([]);
    const suggestion = first.suggestions.find((s) => s.suggested_text === "Hope Uzodinma");
    expect(suggestion).toMatchObject({ original_text: "Opus Odima", status: "suggested", source: "cleaner:glossary", location: { cue: 2 } });
    expect(suggestion!.context_line).toContain("Opus Odima");
    const queue = await list(reviewer, { view: "queue" });
    expect(queue.corrections.map((c) => `${c.originalText} -> ${c.correctedText}`)).toContain("Opus Odima -> Hope Uzodinma");

    await reviewCorrections({ actor: reviewer, input: { ids: [suggestion!.correction_id], decision: "approve" } });
    const second = await clean(reviewer, { content: srt, format: "srt" });
    expect(second.suggestions.find((s) => s.original_text === "Opus Odima")).toBeUndefined();
    const occurrences = srt.match(/Opus Odima/gi)!.length;
    expect(second.applied).toEqual([expect.objectContaining({ correction_id: suggestion!.correction_id, corrected_text: "Hope Uzodinma", occurrences })]);
    // Only the corrected words changed: putting the original back gives the input byte for byte.
    expect(second.content).not.toBe(srt);
    expect(second.content.replace(/Hope Uzodinma/g, "Opus Odima")).toBe(srt.replace(/Hope Uzodinma/g, "Opus Odima"));
    expect(second.content.replace(/Hope Uzodinma/g, "")).toBe(srt.replace(/Opus Odima/gi, "").replace(/Hope Uzodinma/g, ""));

    const [row] = await withTenant(reviewer, (tx) => tx.select().from(tenantCorrections).where(eq(tenantCorrections.id, suggestion!.correction_id)));
    expect(row).toMatchObject({ status: "approved", usageCount: occurrences, reviewedBy: reviewer.userId });
    expect(row!.confidence).toBeGreaterThan(suggestion!.confidence);
    const history = await withTenant(reviewer, (tx) => tx.select().from(correctionHistory).where(eq(correctionHistory.correctionId, row!.id)));
    expect(history).toEqual([expect.objectContaining({ id: second.applied[0]!.application_id, occurrences, wasSuccessful: null })]);
  });

  it("uses the request's context sources and their authority", async () => {
    const result = await clean(reviewer, {
      content: "We spoke with Chuck Wuma in Orlou today.",
      format: "text",
      context_sources: [{ type: "description", content: "An interview with Chukwuma Okafor, recorded in Orlu.", source_id: "programme-42", authority: 0.6 }],
    });
    expect(result.suggestions.map((s) => [s.original_text, s.suggested_text, s.source])).toEqual(
      expect.arrayContaining([["Orlou", "Orlu", "cleaner:context (programme-42)"]]),
    );
    expect(result.content).toBe("We spoke with Chuck Wuma in Orlou today.");
  });

  it("rejects a WebVTT file without its header with the line to fix, and stores nothing", async () => {
    const before = await list(reviewer);
    await expect(clean(reviewer, { content: "00:00:01.000 --> 00:00:02.000\nHello\n", format: "vtt" })).rejects.toMatchObject({ code: "bad_request:transcript", message: expect.stringMatching(/^Line 1: /) });
    expect((await list(reviewer)).total).toBe(before.total);
  });

  it("leaves a cue with a bad timing as it was, reports it, and cleans the others", async () => {
    const content = "1\n00:00:01 --> 00:00:02\nImo stayed\n\n2\n00:00:03,000 --> 00:00:04,000\nHello\n";
    const result = await clean(reviewer, { content, format: "srt" });
    expect(result.content).toBe(content);
    expect(result.cue_count).toBe(1);
    expect(result.skipped_cues).toEqual([{ line: 2, reason: '"00:00:01 --> 00:00:02" is not a valid SRT timing (expected 00:00:01,000 --> 00:00:02,000).' }]);
  });

  it("learns from outcomes: failures that keep coming drop a level and flag the correction", async () => {
    const created = await createCorrection({ actor: reviewer, input: { originalText: "Imo stayed", correctedText: "Imo State", status: "approved", confidence: 0.7, source: "manual" } });
    expect(created.confidence).toBe(0.8);
    await reportOutcome({ actor: reviewer, correctionId: created.id, successful: true });
    for (let i = 0; i < 2; i++) await reportOutcome({ actor: reviewer, correctionId: created.id, successful: false });
    let row = (await list(reviewer, { q: "Imo stayed" })).corrections[0]!;
    expect(row).toMatchObject({ successCount: 1, failureCount: 2, reviewReason: null, confidence: 0.72, confidenceLevel: "MEDIUM" });
    await reportOutcome({ actor: reviewer, correctionId: created.id, successful: false });
    row = (await list(reviewer, { q: "Imo stayed" })).corrections[0]!;
    expect(row.reviewReason).toMatch(/3 of the latest 4/);
    expect(row.confidenceLevel).toBe("LOW");
    expect(row.successRate).toBeCloseTo(0.25);
    expect((await list(reviewer, { view: "queue" })).corrections.map((c) => c.id)).toContain(created.id);
    const history = await getCorrectionHistory({ actor: reviewer, id: created.id });
    expect(history.daily).toEqual([{ day: new Date().toISOString().slice(0, 10), applied: 0, succeeded: 1, failed: 3 }]);
    // Keeping it clears the flag but not the history.
    await reviewCorrections({ actor: reviewer, input: { ids: [created.id], decision: "approve" } });
    expect((await list(reviewer, { q: "Imo stayed" })).corrections[0]!.reviewReason).toBeNull();
  });

  it("reports an application's outcome once", async () => {
    const result = await clean(reviewer, { content: "Opus Odima spoke.", format: "text" });
    const { correction_id, application_id } = result.applied[0]!;
    await reportOutcome({ actor: reviewer, correctionId: correction_id, successful: true, applicationId: application_id });
    await expect(reportOutcome({ actor: reviewer, correctionId: correction_id, successful: true, applicationId: application_id })).rejects.toMatchObject({ code: "conflict:application" });
  });

  it("shows conflicting corrections instead of applying them", async () => {
    const a = await createCorrection({ actor: reviewer, input: { originalText: "Uzo Dinma", correctedText: "Uzodinma", status: "approved", confidence: 0.7, source: "manual" } });
    const b = await createCorrection({ actor: reviewer, input: { originalText: "uzo dinma", correctedText: "Hope Uzodinma", status: "approved", confidence: 0.7, source: "manual" } });
    const result = await clean(reviewer, { content: "Uzo Dinma said so.", format: "text" });
    expect(result.content).toBe("Uzo Dinma said so.");
    expect(result.conflicts).toEqual([expect.objectContaining({ originalKey: "uzo dinma" })]);
    const listed = await list(reviewer, { q: "dinma" });
    expect(listed.corrections.filter((c) => c.conflict).map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect(listed.conflictCount).toBe(2);
    await updateCorrection({ actor: reviewer, id: b.id, patch: { isEnabled: false } });
    expect((await clean(reviewer, { content: "Uzo Dinma said so.", format: "text" })).content).toBe("Uzodinma said so.");
  });

  it("never proposes a rejected pair again", async () => {
    const first = await clean(reviewer, { content: "They met in Owery.", format: "text" });
    const s = first.suggestions.find((x) => x.suggested_text === "Owerri")!;
    await reviewCorrections({ actor: reviewer, input: { ids: [s.correction_id], decision: "reject" } });
    expect((await clean(reviewer, { content: "They met in Owery.", format: "text" })).suggestions.find((x) => x.suggested_text === "Owerri")).toBeUndefined();
  });

  it("lets a viewer read but not approve, and keeps tenants apart", async () => {
    const { corrections } = await list(viewer);
    expect(corrections.length).toBeGreaterThan(0);
    await expect(reviewCorrections({ actor: viewer, input: { ids: [corrections[0]!.id], decision: "reject" } })).rejects.toMatchObject({ code: "forbidden:scope" });
    await expect(createCorrection({ actor: viewer, input: { originalText: "a b", correctedText: "c", status: "approved", confidence: 0.5, source: "manual" } })).rejects.toMatchObject({ code: "forbidden:scope" });
    expect((await list(other)).total).toBe(0);
    await expect(reviewCorrections({ actor: other, input: { ids: [corrections[0]!.id], decision: "reject" } })).rejects.toMatchObject({ code: "not_found:correction" });
    expect((await clean(other, { content: "Opus Odima spoke.", format: "text" })).content).toBe("Opus Odima spoke.");
  });

  it("refuses a duplicate correction with a clear message", async () => {
    await expect(createCorrection({ actor: reviewer, input: { originalText: "OPUS  odima", correctedText: "Hope Uzodinma", status: "suggested", confidence: 0.5, source: "manual" } })).rejects.toMatchObject({
      code: "conflict:correction",
    });
  });

  it("previews a glossary CSV with row-level errors, imports the good rows, and exports them back", async () => {
    const csv = "Entity,Type,Authority\nOrlu,place,0.8\n,place,0.5\nOkigwe,place,1.5\nOwerri,place,0.7\nOrlu,place,0.9\n";
    const preview = await previewGlossaryImport({ actor: reviewer, csv });
    expect(preview.rows.map((r) => [r.line, r.errors.length > 0, r.exists])).toEqual([
      [2, false, false],
      [3, true, false],
      [4, true, false],
      [5, false, true],
      [6, true, false],
    ]);
    expect(preview.rows[1]!.errors).toEqual(["Type the entity."]);
    expect(preview.rows[3]!.entry).toMatchObject({ entityText: "Owerri", authorityScore: 0.7 });
    expect(await importGlossary({ actor: reviewer, csv })).toEqual({ added: 1, updated: 1, unchanged: 0, skipped: 3 });
    // The same file again changes nothing, and says so.
    expect(await importGlossary({ actor: reviewer, csv })).toEqual({ added: 0, updated: 0, unchanged: 2, skipped: 3 });
    const exported = await exportGlossaryCsv({ actor: reviewer });
    expect(exported.split("\r\n")).toEqual([
      "entity_text,entity_type,authority_score,source_id",
      "Hope Uzodinma,person,0.95,",
      "Imo State,place,0.9,",
      "Orlu,place,0.8,",
      "Owerri,place,0.7,",
    ]);
    await expect(previewGlossaryImport({ actor: reviewer, csv: "name;kind\nx;y" })).rejects.toMatchObject({ code: "bad_request:csv" });
    // The export's formula guard reads back as the original text.
    const guarded = await previewGlossaryImport({ actor: reviewer, csv: "entity_text,entity_type,authority_score\n'=Hope,person,\n" });
    expect(guarded.rows[0]).toMatchObject({ raw: { entityText: "=Hope" }, entry: { entityText: "=Hope", authorityScore: 0.8 } });
    const audit = await withTenant(reviewer, (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "glossary.imported")));
    expect(audit.map((a) => a.details)).toEqual(expect.arrayContaining([expect.objectContaining({ added: 1, updated: 1, skipped: 3 }), expect.objectContaining({ added: 0, updated: 0, unchanged: 2 })]));
  });

  it("approves a clean result's suggestions at or above a confidence in one step, each audited, and the next clean applies them (#20 item 5)", async () => {
    const make = (originalText: string, correctedText: string, confidence: number, status: "suggested" | "approved" = "suggested") =>
      createCorrection({ actor: reviewer, input: { originalText, correctedText, confidence, status, source: "cleaner:glossary" } });
    const high = await make("Bulk Alpha", "Bulk Alfa", 0.9);
    const edge = await make("Bulk Beta", "Bulk Betta", 0.8);
    const low = await make("Bulk Gamma", "Bulk Gama", 0.79);
    const done = await make("Bulk Delta", "Bulk Dealta", 0.95, "approved");
    const ids = [high.id, edge.id, low.id, done.id];

    await expect(approveSuggestionsAtOrAbove({ actor: viewer, input: { ids, minConfidence: 0.8 } })).rejects.toMatchObject({ type: "forbidden" });
    expect(bulkApproveSchema.safeParse({ ids: Array.from({ length: MAX_BULK_APPROVE + 1 }, () => high.id), minConfidence: 0.5 }).success).toBe(false);
    expect(bulkApproveSchema.safeParse({ ids: [high.id], minConfidence: 1.5 }).success).toBe(false);
    // Another workspace cannot approve this one's suggestions: they are not there for it.
    expect(await approveSuggestionsAtOrAbove({ actor: other, input: { ids, minConfidence: 0 } })).toEqual({ approved: 0, ids: [] });

    const result = await approveSuggestionsAtOrAbove({ actor: reviewer, input: { ids, minConfidence: 0.8 } });
    expect(result.approved).toBe(2);
    expect(new Set(result.ids)).toEqual(new Set([high.id, edge.id]));
    const rows = await withTenant(reviewer, (tx) => tx.select().from(tenantCorrections).where(inArray(tenantCorrections.id, ids)));
    const status = Object.fromEntries(rows.map((r) => [r.id, r.status]));
    expect(status).toEqual({ [high.id]: "approved", [edge.id]: "approved", [low.id]: "suggested", [done.id]: "approved" });
    const audit = await withTenant(reviewer, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "correction.approved"), inArray(auditLog.targetId, ids))));
    expect(audit.map((a) => a.targetId).sort()).toEqual([high.id, edge.id].sort());
    expect(audit[0]).toMatchObject({ actor: { userId: reviewer.userId }, details: { before: expect.objectContaining({ status: "suggested" }), after: expect.objectContaining({ status: "approved" }) } });

    // Approved once: a second press changes nothing.
    expect((await approveSuggestionsAtOrAbove({ actor: reviewer, input: { ids, minConfidence: 0.8 } })).approved).toBe(0);
    const cleaned = await clean(reviewer, { content: "Bulk Alpha met Bulk Beta and Bulk Gamma.", format: "text" });
    expect(cleaned.content).toBe("Bulk Alfa met Bulk Betta and Bulk Gamma.");
  });

  it("writes an audit entry for every change", async () => {
    const actions = (await withTenant(reviewer, (tx) => tx.select({ action: auditLog.action }).from(auditLog))).map((a) => a.action);
    for (const action of ["glossary.created", "correction.created", "correction.approved", "correction.rejected", "correction.updated", "correction.reported_failure", "correction.reported_success", "corrections.cleaned"]) {
      expect(actions).toContain(action);
    }
    const glossary = await withTenant(other, (tx) => tx.select().from(tenantContext));
    expect(glossary).toEqual([]);
  });
});
