import { count } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, memberships, tenantContext, tenantCorrections, tenants, users } from "@/db/schema";
import { defineRoute } from "@/lib/api/define-route";
import { searchRoute } from "@/lib/search/routes";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { hostileCleanRequest } from "@/lib/testing/hostile-inputs";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { createTestDatabase } from "@/lib/testing/test-database";
import { closePool, poolStats } from "@/lib/workers/pool";
import { MAX_LISTED_SEGMENTS, MAX_QUEUED_SUGGESTIONS } from "./clean-service";
import { importGlossary } from "./glossary-service";
import { cleanRoute } from "./routes";

// The liveness route asks for a request scope (connection()); a direct call has none.
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => {} }));

const secret = "test-secret-for-bounded-clean";
const clean = defineRoute(cleanRoute);
const search = defineRoute(searchRoute);

describe("a clean request is bounded and never holds up anyone else", () => {
  let handle: DatabaseHandle;
  let hostileActor: { tenantId: string; role: "member"; userId: string };
  const cookies: Record<string, string> = {};
  const saved = { secret: process.env.NEXTAUTH_SECRET, budget: process.env.CLEAN_BUDGET_SECONDS };

  async function call(handler: typeof clean, who: string, tenant: string, body: unknown, signal?: AbortSignal) {
    const request = new NextRequest("http://localhost/api/v1/x", {
      method: "POST",
      headers: { cookie: cookies[who]!, "x-tenant": tenant, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
    const response = await handler(request, { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  }

  const storedSuggestions = async () => (await withSystem("test", (tx) => tx.select({ n: count() }).from(tenantCorrections)))[0]!.n;
  const cleanAudits = async () => (await withSystem("test", (tx) => tx.select({ action: auditLog.action }).from(auditLog))).filter((r) => r.action === "corrections.cleaned").length;

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = secret;
    handle = await createTestDatabase();
    const people = await handle.db.insert(users).values([{ email: "hostile@one.test" }, { email: "bystander@two.test" }]).returning();
    const [one, two] = await handle.db.insert(tenants).values([{ name: "One", slug: "one" }, { name: "Two", slug: "two" }]).returning();
    await withSystem("test", (tx) =>
      tx.insert(memberships).values([
        { userId: people[0]!.id, tenantId: one!.id, role: "member" },
        { userId: people[1]!.id, tenantId: two!.id, role: "member" },
      ]),
    );
    hostileActor = { tenantId: one!.id, role: "member", userId: people[0]!.id };
    cookies.hostile = await sessionCookie(people[0]!, secret);
    cookies.bystander = await sessionCookie(people[1]!, secret);
  }, 180_000);

  afterAll(async () => {
    await closePool();
    await handle?.close();
    for (const [key, value] of [["NEXTAUTH_SECRET", saved.secret], ["CLEAN_BUDGET_SECONDS", saved.budget]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("more cues than one request cleans (25,500, with 20 context sources) is a 413 that says to split the file, with nothing stored", async () => {
    const body = hostileCleanRequest({ cues: 25_500, contextSources: 20, contextChars: 199_000 });
    const answer = await call(clean, "hostile", "one", body);
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toMatch(/25,500 cues; one request cleans at most 25,000\. Split the file/);
    expect(await storedSuggestions()).toBe(0);
    expect(await cleanAudits()).toBe(0);
  }, 120_000);

  it("while an over-budget clean runs on the pool, liveness and another tenant's search are answered first; the clean then ends in a 413 with nothing stored", async () => {
    const { GET: health } = await import("@/app/api/health/route");
    process.env.CLEAN_BUDGET_SECONDS = "2";
    // Within every size limit, but far more work than two seconds: 8,000 cues against 5,000 names.
    const body = hostileCleanRequest({ cues: 8_000, contextSources: 20, contextChars: 199_000, seed: 11 });
    const finished: string[] = [];
    const hostile = call(clean, "hostile", "one", body).then((answer) => {
      finished.push("clean");
      return answer;
    });
    const alive = await health();
    finished.push("health");
    const bystander = await call(search, "bystander", "two", { query: "quarterly report", mode: "hybrid" });
    finished.push("search");
    const answer = await hostile;
    expect(alive.status).toBe(200);
    expect(bystander.status).toBe(200);
    expect(finished).toEqual(["health", "search", "clean"]);
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toMatch(/took longer than 2 s.*nothing was saved.*Split the file/);
    expect(await storedSuggestions()).toBe(0);
    expect(await cleanAudits()).toBe(0);
  }, 120_000);

  it("a clean with more suggestions than one request queues keeps the most confident and says how many were left out", async () => {
    process.env.CLEAN_BUDGET_SECONDS = "120";
    const body = hostileCleanRequest({ cues: 1_500, contextSources: 2, contextChars: 40_000, seed: 3 });
    const answer = await call(clean, "hostile", "one", body);
    expect(answer.status).toBe(200);
    expect(answer.body.suggestions).toHaveLength(MAX_QUEUED_SUGGESTIONS);
    expect(answer.body.suggestions_left_out).toBeGreaterThan(0);
    const confidences = answer.body.suggestions.map((s: { confidence: number }) => s.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    expect(await storedSuggestions()).toBe(MAX_QUEUED_SUGGESTIONS);
    // Every cue changed or carries a suggestion: the answer lists the first ones and counts the rest.
    expect(answer.body.segments).toHaveLength(MAX_LISTED_SEGMENTS);
    expect(answer.body.segments_left_out).toBeGreaterThan(0);
  }, 120_000);

  it("a request that goes away stops its clean on the pool; nothing is stored", async () => {
    process.env.CLEAN_BUDGET_SECONDS = "120";
    const before = await storedSuggestions();
    const controller = new AbortController();
    const body = hostileCleanRequest({ cues: 8_000, contextSources: 20, contextChars: 199_000, seed: 5 });
    const pending = call(clean, "hostile", "one", body, controller.signal);
    while (poolStats().inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const answer = await pending;
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("bad_request:cancelled");
    expect(await storedSuggestions()).toBe(before);
  }, 120_000);

  it("a glossary CSV of 250,000 rows is a 413 that says to split it, read no further than the limit, with nothing stored", async () => {
    const csv = `entity_text,entity_type\n${"ab,x\n".repeat(250_000)}`;
    const [refused, bystander] = await Promise.allSettled([importGlossary({ actor: hostileActor, csv }), call(search, "bystander", "two", { query: "glossary", mode: "fulltext" })]);
    expect(refused).toMatchObject({ status: "rejected", reason: { code: "too_large:csv", message: "The CSV has more than 20,000 rows; import at most that many at a time. Split it into parts." } });
    expect(bystander).toMatchObject({ status: "fulfilled", value: { status: 200 } });
    expect((await withSystem("test", (tx) => tx.select({ n: count() }).from(tenantContext)))[0]!.n).toBe(0);
  }, 180_000);
});
