import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, chunks, documents, tenants, users } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem, withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { addEvaluationItem, createEvaluationSet } from "./evaluation-sets";
import { DEFAULT_RANKING } from "./ranking-settings";
import { applyRanking, getRanking, tuneRanking } from "./tune-ranking";

const embedder = new HashingEmbedder(384);

describe("tuning ranking from an evaluation set", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  let other: Actor;
  let setId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "tuner@example.test" }).returning();
    const made = await handle.db.insert(tenants).values([{ name: "Tune", slug: "tune" }, { name: "Other", slug: "other" }]).returning();
    [actor, other] = made.map((t): Actor => ({ tenantId: t.id, role: "admin", userId: user!.id })) as [Actor, Actor];
    const corpus: Record<string, string[]> = {
      "wings.md": ["Swept wings delay the rise of drag near the speed of sound.", "Wing sweep and transonic drag."],
      "flames.md": ["Methane-air flames burn faster at high pressure.", "Flame speed of methane mixtures."],
      "nozzles.md": ["Heat transfer in rocket nozzles.", "Cooling the nozzle wall with fuel."],
      "noise.md": ["Wings, flames and nozzles are mentioned here once, in a long passage about many other subjects entirely."],
    };
    const docs: Record<string, string> = {};
    await withTenant(actor, async (tx) => {
      for (const [filename, texts] of Object.entries(corpus)) {
        const [doc] = await tx.insert(documents).values({ tenantId: actor.tenantId, filename, mimeType: "text/markdown", fileSize: 1, sha256: filename.padEnd(64, "x"), storageKey: filename, status: "completed" }).returning();
        docs[filename] = doc!.id;
        await tx.insert(chunks).values(texts.map((content, ordinal) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal, content, tokenCount: 5, embedding: embedder.embedOne(content), embeddingModel: embedder.model })));
      }
    });
    const set = await createEvaluationSet({ actor, name: "Aero" });
    setId = set.id;
    await addEvaluationItem({ actor, setId, query: "transonic drag of swept wings", documentIds: [docs["wings.md"]!], chunkIds: [] });
    await addEvaluationItem({ actor, setId, query: "methane flame speed", documentIds: [docs["flames.md"]!], chunkIds: [] });
    await addEvaluationItem({ actor, setId, query: "nozzle wall cooling", documentIds: [docs["nozzles.md"]!], chunkIds: [] });
  });

  afterAll(() => handle?.close());

  it("scores a grid of settings with per-query wins and losses against the current one, best first", async () => {
    const result = await tuneRanking({ actor, setId });
    expect(result.queries).toBe(3);
    expect(result.current).toMatchObject({ current: true, wins: 0, losses: 0, settings: { alpha: DEFAULT_RANKING.alpha, prf: DEFAULT_RANKING.prf, k1: 1.2, b: 0.75, fusion: "convex" } });
    expect(result.candidates.length).toBeGreaterThanOrEqual(17);
    expect(result.candidates.filter((c) => c.current)).toHaveLength(1);
    expect(result.candidates.some((c) => c.settings.fusion === "rrf")).toBe(true);
    expect(result.candidates.some((c) => !c.settings.prf)).toBe(true);
    const ndcgs = result.candidates.map((c) => c.ndcg);
    expect(ndcgs).toEqual([...ndcgs].sort((a, b) => b - a));
    for (const c of result.candidates) {
      expect(c.perQuery.map((q) => q.query)).toEqual(["transonic drag of swept wings", "methane flame speed", "nozzle wall cooling"]);
      const wins = c.perQuery.filter((q, i) => q.ndcg > result.current.perQuery[i]!.ndcg + 1e-9).length;
      expect(c.wins).toBe(wins);
      expect(c.ndcg).toBeCloseTo(c.perQuery.reduce((s, q) => s + q.ndcg, 0) / 3, 9);
    }
    // Three queries cannot show a clear gain (three wins of three happen by luck one time in eight).
    expect(result.candidates.filter((c) => c.clearGain)).toEqual([]);
    expect(result.recommended).toEqual(result.current);
  });

  it("applies a setting, audited with before and after, and reverts to the previous one or the defaults", async () => {
    const chosen = { k1: 0.9, b: 0.5, prf: false, fusion: "convex" as const, alpha: 0.35 };
    await applyRanking({ actor, ranking: chosen });
    expect(await getRanking({ actor })).toMatchObject({ ranking: chosen, isDefault: false, previous: { alpha: DEFAULT_RANKING.alpha }, previousIsDefault: true });
    expect((await tuneRanking({ actor, setId })).current.settings).toEqual(chosen);
    const [entry] = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.tenantId, actor.tenantId), eq(auditLog.action, "tenant.ranking_changed"))));
    expect(entry!.details).toMatchObject({ before: { alpha: DEFAULT_RANKING.alpha }, after: chosen });

    const { previous } = await getRanking({ actor });
    await applyRanking({ actor, ranking: previous });
    expect((await getRanking({ actor })).previous).toEqual(chosen);
    await applyRanking({ actor, ranking: null });
    expect(await getRanking({ actor })).toMatchObject({ isDefault: true, ranking: { alpha: DEFAULT_RANKING.alpha } });
    expect((await getRanking({ actor: other })).isDefault).toBe(true);
  });

  it("refuses another workspace's set and an empty set", async () => {
    await expect(tuneRanking({ actor: other, setId })).rejects.toThrow(/does not exist in this workspace/);
    const empty = await createEvaluationSet({ actor, name: "Empty" });
    await expect(tuneRanking({ actor, setId: empty.id })).rejects.toThrow(/at least one labelled query/);
  });
});
