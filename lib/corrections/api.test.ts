import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { memberships, tenants, users } from "@/db/schema";
import { defineRoute } from "@/lib/api/define-route";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { createTestDatabase } from "@/lib/testing/test-database";
import { cleanRoute, correctionOutcomeRoute, createGlossaryRoute, listCorrectionsRoute, updateCorrectionRoute } from "./routes";

const secret = "test-secret-for-corrections-api";
const handlers = {
  clean: defineRoute(cleanRoute),
  glossary: defineRoute(createGlossaryRoute),
  list: defineRoute(listCorrectionsRoute),
  patch: defineRoute(updateCorrectionRoute),
  outcome: defineRoute(correctionOutcomeRoute),
};

describe("the Uzodinma example through /api/v1", () => {
  let handle: DatabaseHandle;
  const cookies: Record<string, string> = {};
  const saved = { secret: process.env.NEXTAUTH_SECRET, url: process.env.NEXTAUTH_URL };

  async function call(handler: (typeof handlers)[keyof typeof handlers], who: string, method: string, url: string, body?: unknown, params: Record<string, string> = {}, tenant = "imo-radio") {
    const request = new NextRequest(`http://localhost${url}`, {
      method,
      headers: { cookie: cookies[who]!, "x-tenant": tenant, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const response = await handler(request, { params: Promise.resolve(params) });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = secret;
    delete process.env.NEXTAUTH_URL;
    handle = await createTestDatabase();
    const people = await handle.db.insert(users).values([{ email: "reviewer@imo.test" }, { email: "viewer@imo.test" }, { email: "owner@elsewhere.test" }]).returning();
    const [imo, elsewhere] = await handle.db.insert(tenants).values([{ name: "Imo Radio", slug: "imo-radio" }, { name: "Elsewhere", slug: "elsewhere" }]).returning();
    await withSystem("test", (tx) =>
      tx.insert(memberships).values([
        { userId: people[0]!.id, tenantId: imo!.id, role: "member" },
        { userId: people[1]!.id, tenantId: imo!.id, role: "viewer" },
        { userId: people[2]!.id, tenantId: elsewhere!.id, role: "owner" },
      ]),
    );
    for (const [i, who] of ["reviewer", "viewer", "outsider"].entries()) {
      cookies[who] = await sessionCookie(people[i]!, secret);
    }
  });

  afterAll(async () => {
    await handle?.close();
    if (saved.secret === undefined) delete process.env.NEXTAUTH_SECRET;
    else process.env.NEXTAUTH_SECRET = saved.secret;
    if (saved.url !== undefined) process.env.NEXTAUTH_URL = saved.url;
  });

  it("proposes, is approved, is applied, and learns from the outcome", async () => {
    const entry = await call(handlers.glossary, "reviewer", "POST", "/api/v1/glossary", { entityText: "Hope Uzodinma", entityType: "person", authorityScore: 0.95 });
    expect(entry.status).toBe(201);

    const request = { content: "Opus Odima is the governor", format: "text", language: "en", context_sources: [{ type: "description", content: "Hope Uzodinma is the governor of Imo State.", source_id: "bio", authority: 0.8 }] };
    const first = await call(handlers.clean, "reviewer", "POST", "/api/v1/clean", request);
    expect(first.status).toBe(200);
    expect(first.body.content).toBe("Opus Odima is the governor");
    const suggestion = first.body.suggestions[0];
    expect(suggestion).toMatchObject({ original_text: "Opus Odima", suggested_text: "Hope Uzodinma", status: "suggested", confidence_level: expect.stringMatching(/MEDIUM|HIGH|VERY_HIGH/) });

    const listed = await call(handlers.list, "viewer", "GET", "/api/v1/corrections?view=queue");
    expect(listed.body.corrections.map((c: { id: string }) => c.id)).toContain(suggestion.correction_id);

    // A viewer may read but not approve; another workspace does not see the id at all.
    const refused = await call(handlers.patch, "viewer", "PATCH", `/api/v1/corrections/${suggestion.correction_id}`, { status: "approved" }, { id: suggestion.correction_id });
    expect(refused.status).toBe(403);
    const hidden = await call(handlers.patch, "outsider", "PATCH", `/api/v1/corrections/${suggestion.correction_id}`, { status: "approved" }, { id: suggestion.correction_id }, "elsewhere");
    expect(hidden.status).toBe(404);

    const approved = await call(handlers.patch, "reviewer", "PATCH", `/api/v1/corrections/${suggestion.correction_id}`, { status: "approved" }, { id: suggestion.correction_id });
    expect(approved.status).toBe(200);
    expect(approved.body.correction).toMatchObject({ status: "approved" });

    const second = await call(handlers.clean, "reviewer", "POST", "/api/v1/clean", request);
    expect(second.body.content).toBe("Hope Uzodinma is the governor");
    expect(second.body.applied).toEqual([expect.objectContaining({ correction_id: suggestion.correction_id, occurrences: 1 })]);
    expect(second.body.suggestions).toEqual([]);

    const outcome = await call(handlers.outcome, "reviewer", "POST", `/api/v1/corrections/${suggestion.correction_id}/outcome`, { successful: true, applicationId: second.body.applied[0].application_id }, { id: suggestion.correction_id });
    expect(outcome.status).toBe(200);
    expect(outcome.body.correction).toMatchObject({ usageCount: 1, successCount: 1 });
    expect(outcome.body.correction.confidence).toBeGreaterThan(approved.body.correction.confidence);
  });

  it("keeps a cue with a bad timing as it was and names it; only a file that is not WebVTT at all is a 400", async () => {
    const content = "WEBVTT\n\n00:01.000 --> 00:00.500\nBackwards\n\n00:02.000 --> 00:03.000\nForwards\n";
    const result = await call(handlers.clean, "reviewer", "POST", "/api/v1/clean", { content, format: "vtt" });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ content, cue_count: 1, skipped_cues: [{ line: 3, reason: "The cue ends at 00:00.500, before it starts at 00:01.000." }], skipped_cues_left_out: 0 });
    const refused = await call(handlers.clean, "reviewer", "POST", "/api/v1/clean", { content: "00:01.000 --> 00:02.000\nNo header\n", format: "vtt" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "bad_request:transcript", message: expect.stringMatching(/^Line 1: /) });
  });
});
