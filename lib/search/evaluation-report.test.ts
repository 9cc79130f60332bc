import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { chunks, documents, tenants } from "@/db/schema";
import { HashingEmbedder } from "@/lib/embeddings/hashing-embedder";
import type { Actor } from "@/lib/tenancy/actor";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { changeOf, getEvaluationReport, sortQueries, winsAndLosses, type QueryReport } from "./evaluation-report";
import { addEvaluationItem, createEvaluationSet, getEvaluationSet, runEvaluation } from "./evaluation-sets";
import { HIGHLIGHT_START } from "./highlight";

const embedder = new HashingEmbedder(384);

const q = (position: number, query: string, ndcg: number | undefined, before: number | undefined): QueryReport => ({
  itemId: `i${position}`,
  query,
  position,
  modes: ndcg === undefined ? {} : { hybrid: { recall: ndcg, reciprocalRank: ndcg, ndcg, top: null } },
  previous: before === undefined ? {} : { hybrid: before },
});

describe("evaluation report: sorting and wins/losses", () => {
  const queries = [q(0, "beta", 0.5, 0.5), q(1, "Alpha", 0.2, 0.9), q(2, "gamma", 1, 0.4), q(3, "delta", 0.3, undefined), q(4, "epsilon", undefined, 0.7)];

  it("counts a query better or worse by its nDCG@10 change in the mode; ties and missing sides apart", () => {
    expect(winsAndLosses(queries, "hybrid")).toEqual({ wins: 1, losses: 1, ties: 1 });
    expect(changeOf(queries[1]!, "hybrid")).toBeCloseTo(-0.7, 9);
    expect(changeOf(queries[3]!, "hybrid")).toBeNull();
    expect(winsAndLosses(queries, "semantic")).toEqual({ wins: 0, losses: 0, ties: 0 });
  });

  it("sorts by set order, query, score or change, either way, with missing values last", () => {
    const ids = (sort: Parameters<typeof sortQueries>[1]) => sortQueries(queries, sort).map((r) => r.query);
    expect(ids({ sort: "order", dir: "asc", mode: "hybrid" })).toEqual(["beta", "Alpha", "gamma", "delta", "epsilon"]);
    expect(ids({ sort: "query", dir: "asc", mode: "hybrid" })).toEqual(["Alpha", "beta", "delta", "epsilon", "gamma"]);
    expect(ids({ sort: "score", dir: "asc", mode: "hybrid" })).toEqual(["Alpha", "delta", "beta", "gamma", "epsilon"]);
    expect(ids({ sort: "score", dir: "desc", mode: "hybrid" })).toEqual(["gamma", "beta", "delta", "Alpha", "epsilon"]);
    expect(ids({ sort: "change", dir: "asc", mode: "hybrid" })).toEqual(["Alpha", "beta", "gamma", "delta", "epsilon"]);
    expect(ids({ sort: "change", dir: "desc", mode: "hybrid" })).toEqual(["gamma", "beta", "Alpha", "delta", "epsilon"]);
  });
});

describe("evaluation report of a set's runs", () => {
  let handle: DatabaseHandle;
  let actor: Actor;
  const docs: Record<string, string> = {};

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [tenant] = await handle.db.insert(tenants).values({ name: "R", slug: "report" }).returning();
    actor = { tenantId: tenant!.id, role: "member" };
    const corpus: Record<string, string[]> = {
      "passwords.md": ["Reset your password from the sign-in page.", "Passwords need ten characters."],
      "travel.md": ["Travel above 500 euros needs approval.", "Book trains before flights."],
    };
    await withTenant(actor, async (tx) => {
      for (const [filename, texts] of Object.entries(corpus)) {
        const [doc] = await tx.insert(documents).values({ tenantId: actor.tenantId, filename, mimeType: "text/markdown", fileSize: 1, sha256: filename.padEnd(64, "r"), storageKey: filename, status: "completed" }).returning();
        docs[filename] = doc!.id;
        await tx.insert(chunks).values(texts.map((content, ordinal) => ({ documentId: doc!.id, tenantId: actor.tenantId, ordinal, content, tokenCount: 5, embedding: embedder.embedOne(content), embeddingModel: embedder.model })));
      }
    });
  });
  afterAll(() => handle?.close());

  it("shows each query's scores per mode, its first results with snippets and no raw scores, and what got better since the run before", async () => {
    const set = await createEvaluationSet({ actor, name: "Report set" });
    expect(await getEvaluationReport({ actor, setId: set.id })).toMatchObject({ runs: [], current: null, previous: null, queries: [] });
    await addEvaluationItem({ actor, setId: set.id, query: "reset password", documentIds: [docs["passwords.md"]!], chunkIds: [] });
    const oncall = await addEvaluationItem({ actor, setId: set.id, query: "on-call rotation monday", documentIds: [docs["travel.md"]!], chunkIds: [] });

    await runEvaluation({ actor, setId: set.id, k: 5 });
    const first = await getEvaluationReport({ actor, setId: set.id });
    expect(first.previous).toBeNull();
    expect(first.queries.map((x) => x.query)).toEqual(["reset password", "on-call rotation monday"]);
    const reset = first.queries[0]!;
    for (const mode of ["hybrid", "semantic", "fulltext"] as const) expect(reset.modes[mode]!.ndcg).toBe(1);
    const top = reset.modes.fulltext!.top!;
    expect(top[0]).toEqual({ rank: 1, chunkId: expect.any(String), documentId: docs["passwords.md"], filename: "passwords.md", snippet: expect.stringContaining(HIGHLIGHT_START), expected: true });
    expect(top.length).toBeLessThanOrEqual(3);
    for (const r of top) expect(Object.keys(r).sort()).toEqual(["chunkId", "documentId", "expected", "filename", "rank", "snippet"]);
    expect(first.queries[1]!.modes.fulltext!.ndcg).toBe(0);

    // travel.md gains the on-call passage: that query gets better, the other stays.
    await withTenant(actor, (tx) =>
      tx.insert(chunks).values({ documentId: docs["travel.md"]!, tenantId: actor.tenantId, ordinal: 2, content: "The on-call rotation hands over on Monday.", tokenCount: 7, embedding: embedder.embedOne("The on-call rotation hands over on Monday."), embeddingModel: embedder.model }),
    );
    await runEvaluation({ actor, setId: set.id, k: 5 });
    const second = await getEvaluationReport({ actor, setId: set.id });
    expect(second.runs).toHaveLength(2);
    expect(second.current!.at).toBe(second.runs[0]!.at);
    expect(second.previous!.at).toBe(first.current!.at);
    const better = second.queries.find((x) => x.itemId === oncall.id)!;
    expect(better.previous.fulltext).toBe(0);
    expect(changeOf(better, "fulltext")).toBeGreaterThan(0.5);
    expect(better.modes.fulltext!.top![0]).toMatchObject({ filename: "travel.md", expected: true });
    expect(winsAndLosses(second.queries, "fulltext")).toEqual({ wins: 1, losses: 0, ties: 1 });

    // The earlier run, asked for by its key, has nothing before it; a key of no run is not found.
    const earlier = await getEvaluationReport({ actor, setId: set.id, at: first.current!.at });
    expect(earlier.previous).toBeNull();
    expect(earlier.queries.find((x) => x.itemId === oncall.id)!.modes.fulltext!.ndcg).toBe(0);
    await expect(getEvaluationReport({ actor, setId: set.id, at: "2001-01-01T00:00:00.000Z" })).rejects.toThrow(/does not exist/);

    // The set's page no longer carries every run's per-query detail.
    const detail = await getEvaluationSet({ actor, setId: set.id });
    expect(detail.results).toHaveLength(6);
    expect(detail.results[0]).not.toHaveProperty("perQuery");
  });

  it("finds no set of another workspace", async () => {
    const set = await createEvaluationSet({ actor, name: "Private" });
    const [other] = await handle.db.insert(tenants).values({ name: "O", slug: "report-other" }).returning();
    await expect(getEvaluationReport({ actor: { tenantId: other!.id, role: "owner" }, setId: set.id })).rejects.toThrow(/does not exist/);
  });
});
