import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { and, count, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { DatabaseHandle } from "@/db/connect";
import { apiKeys, auditLog, documents, memberships, tenantCorrections, tenants, users } from "@/db/schema";
import { ROUTES, isPublicApi } from "@/lib/api/catalogue";
import { definePublicRoute } from "@/lib/api/define-public-route";
import { INVALID_KEY_WINDOW_MINUTES, INVALID_KEYS_PER_ADDRESS } from "@/lib/api/rate-limit";
import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { buildOpenApiDocument, OPERATION_DOCS } from "@/lib/api/openapi";
import type { Actor } from "@/lib/tenancy/actor";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { changeMemberRole, removeMember } from "@/lib/members/members-service";
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from "./api-keys-service";
import { scopesOfRole, type ApiKeyScope } from "./key-scopes";
import { hashSecret } from "./key-secret";

const PUBLIC_ROUTES = ROUTES.filter((r) => isPublicApi(r.path));
const handlerOf = (route: (typeof ROUTES)[number]) => definePublicRoute(route.def as unknown as TenantRouteDefinition<z.ZodObject, unknown>);

describe("API keys and the public API", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let ownerA: Actor;
  let ownerB: Actor;
  let docB: string;
  let correctionB: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-keys-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    handle = await createTestDatabase();
    const [a, b] = await handle.db.insert(users).values([{ email: "owner-a@keys.test" }, { email: "owner-b@keys.test" }]).returning();
    const [ta, tb] = await handle.db.insert(tenants).values([{ name: "Alpha", slug: "alpha" }, { name: "Beta", slug: "beta" }]).returning();
    ownerA = { tenantId: ta!.id, role: "owner", userId: a!.id, email: a!.email };
    ownerB = { tenantId: tb!.id, role: "owner", userId: b!.id, email: b!.email };
    await handle.db.insert(memberships).values([
      { userId: a!.id, tenantId: ta!.id, role: "owner" },
      { userId: b!.id, tenantId: tb!.id, role: "owner" },
    ]);
    await withSystem("test", async (tx) => {
      const [doc] = await tx
        .insert(documents)
        .values({ tenantId: tb!.id, filename: "beta-secret.txt", mimeType: "text/plain", fileSize: 4, sha256: "b".repeat(64), storageKey: `tenants/${tb!.id}/beta` })
        .returning();
      docB = doc!.id;
      const [correction] = await tx.insert(tenantCorrections).values({ tenantId: tb!.id, originalText: "Beta", originalKey: "beta", correctedText: "BETA", confidence: 0.5 }).returning();
      correctionB = correction!.id;
    });
  });

  afterEach(() => {
    delete process.env.API_RATE_LIMIT_PER_MINUTE;
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const newKey = async (actor: Actor, scopes: ApiKeyScope[], expiresAt: Date | null = null) => (await createApiKey({ actor, input: { name: `key ${scopes.join(" ")}`, scopes, expiresAt } })).secret;

  function call(route: (typeof ROUTES)[number], headers: Record<string, string>, id = "00000000-0000-4000-8000-000000000000", body?: BodyInit) {
    const url = `http://localhost${route.path.replace("[id]", id)}`;
    const jsonBody = body === undefined && route.method !== "GET" && route.method !== "DELETE" ? "{}" : body;
    return handlerOf(route)(new NextRequest(url, { method: route.method, headers, body: jsonBody }), { params: Promise.resolve({ id }) });
  }
  const route = (method: string, p: string) => PUBLIC_ROUTES.find((r) => r.method === method && r.path === p)!;

  it("stores only a hash and a visible prefix, shows the secret once, and audits the creation", async () => {
    const { id, secret, prefix } = await createApiKey({ actor: ownerA, input: { name: "Importer", scopes: ["documents:read"], expiresAt: null } });
    expect(secret).toMatch(/^tkc_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(prefix)).toBe(true);
    const [row] = await withSystem("test", (tx) => tx.select().from(apiKeys).where(eq(apiKeys.id, id)));
    expect(row!.keyHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = (await listApiKeys({ actor: ownerA })).find((k) => k.id === id)!;
    expect(listed).toMatchObject({ name: "Importer", prefix, status: "active", lastUsedAt: null, createdBy: "owner-a@keys.test" });
    expect(listed).not.toHaveProperty("keyHash");
    const [entry] = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "api_keys.create"), eq(auditLog.targetId, id))));
    expect(entry!.actor).toMatchObject({ userId: ownerA.userId });
    expect(JSON.stringify(entry!.details)).not.toContain(secret);
  });

  it("accepts the key as a Bearer token and as X-API-Key, answers with a request id, and records last use", async () => {
    const secret = await newKey(ownerA, ["documents:read"]);
    const presentations: Record<string, string>[] = [{ authorization: `Bearer ${secret}` }, { "x-api-key": secret }];
    for (const headers of presentations) {
      const response = await call(route("GET", "/api/v1/documents"), headers);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get("x-ratelimit-limit")).toBe("600");
    }
    const passed = await call(route("GET", "/api/v1/documents"), { authorization: `Bearer ${secret}`, "x-request-id": "client-trace-1234" });
    expect(passed.headers.get("x-request-id")).toBe("client-trace-1234");
    const used = (await listApiKeys({ actor: ownerA })).find((k) => secret.startsWith(k.prefix))!;
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("answers 404, never 403, for another workspace's ids on every route that takes one, and lists only its own", async () => {
    const secret = await newKey(ownerA, scopesOfRole("member"));
    const withIds = PUBLIC_ROUTES.filter((r) => r.path.includes("[id]"));
    expect(withIds.length).toBeGreaterThanOrEqual(4);
    for (const r of withIds) {
      const id = r.path.startsWith("/api/v1/documents") ? docB : correctionB;
      const body = r.path.endsWith("/outcome") ? JSON.stringify({ successful: true }) : r.method === "PATCH" ? JSON.stringify({ correctedText: "Hijacked" }) : undefined;
      const response = await call(r, { authorization: `Bearer ${secret}`, "content-type": "application/json" }, id, body);
      expect({ route: `${r.method} ${r.path}`, status: response.status }).toEqual({ route: `${r.method} ${r.path}`, status: 404 });
    }
    // A workspace named in X-Tenant does not move a key out of its own.
    const listed = await (await call(route("GET", "/api/v1/documents"), { authorization: `Bearer ${secret}`, "x-tenant": "beta" })).json();
    expect(JSON.stringify(listed)).not.toContain("beta-secret");
    const [doc] = await withSystem("test", (tx) => tx.select().from(documents).where(eq(documents.id, docB)));
    expect(doc).toBeDefined();
    const [correction] = await withSystem("test", (tx) => tx.select().from(tenantCorrections).where(eq(tenantCorrections.id, correctionB)));
    expect(correction!.correctedText).toBe("BETA");
  });

  it("refuses a route outside the key's scopes with 403, and audits the refusal", async () => {
    const secret = await newKey(ownerA, ["documents:read"]);
    const response = await call(route("POST", "/api/v1/search"), { authorization: `Bearer ${secret}`, "content-type": "application/json" }, undefined, JSON.stringify({ query: "x" }));
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "forbidden:scope" });
    expect(body.error.message).toContain("search:run");
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
    const refusals = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "access.denied"), eq(auditLog.tenantId, ownerA.tenantId))));
    expect(refusals.some((r) => JSON.stringify(r.details).includes("search:run"))).toBe(true);
  });

  it("lets a key approve corrections only with corrections:review, whatever its role would allow", async () => {
    const writer = { authorization: `Bearer ${await newKey(ownerA, ["corrections:read", "corrections:write"])}`, "content-type": "application/json" };
    const approveNew = await call(route("POST", "/api/v1/corrections"), writer, undefined, JSON.stringify({ originalText: "Keyed", correctedText: "KEYED", status: "approved" }));
    expect(approveNew.status).toBe(403);
    expect((await approveNew.json()).error.code).toBe("forbidden:scope");
    const suggested = await call(route("POST", "/api/v1/corrections"), writer, undefined, JSON.stringify({ originalText: "Keyed", correctedText: "KEYED" }));
    expect(suggested.status).toBe(201);
    const { correction } = await suggested.json();
    const patch = route("PATCH", "/api/v1/corrections/[id]");
    expect((await call(patch, writer, correction.id, JSON.stringify({ status: "approved" }))).status).toBe(403);
    expect((await call(patch, writer, correction.id, JSON.stringify({ correctedText: "KEYED!" }))).status).toBe(200);

    const reviewer = { authorization: `Bearer ${await newKey(ownerA, ["corrections:read", "corrections:write", "corrections:review"])}`, "content-type": "application/json" };
    const approved = await call(patch, reviewer, correction.id, JSON.stringify({ status: "approved" }));
    expect(approved.status).toBe(200);
    expect((await approved.json()).correction).toMatchObject({ status: "approved" });
  });

  it("answers 401 to an expired, a revoked, an unknown or a missing key", async () => {
    const expiring = await newKey(ownerA, ["documents:read"], new Date(Date.now() + 60_000));
    await withSystem("test", (tx) => tx.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.keyHash, hashSecret(expiring))));
    const revoked = await createApiKey({ actor: ownerA, input: { name: "to revoke", scopes: ["documents:read"], expiresAt: null } });
    await revokeApiKey({ actor: ownerA, id: revoked.id });
    const cases: [string, Record<string, string>, RegExp][] = [
      ["expired", { authorization: `Bearer ${expiring}` }, /expired/],
      ["revoked", { authorization: `Bearer ${revoked.secret}` }, /revoked/],
      ["unknown", { authorization: `Bearer tkc_${"x".repeat(43)}` }, /not valid/],
      ["malformed", { "x-api-key": "not-a-key" }, /not valid/],
      ["missing", {}, /API key/],
    ];
    for (const [label, headers, message] of cases) {
      const response = await call(route("GET", "/api/v1/documents"), headers);
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect((await response.json()).error.message).toMatch(message);
    }
    await expect(authenticateApiKey(revoked.secret)).rejects.toMatchObject({ status: 401 });
  });

  it("revokes a key of its own workspace only, and audits it", async () => {
    const { id } = await createApiKey({ actor: ownerA, input: { name: "A's", scopes: ["documents:read"], expiresAt: null } });
    await expect(revokeApiKey({ actor: ownerB, id })).rejects.toMatchObject({ status: 404 });
    await revokeApiKey({ actor: ownerA, id });
    const entries = await withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "api_keys.revoke"), eq(auditLog.targetId, id))));
    expect(entries).toHaveLength(1);
  });

  it("never grants a key more than its creator's role", async () => {
    const viewer: Actor = { ...ownerA, role: "viewer" };
    await expect(createApiKey({ actor: viewer, input: { name: "escalate", scopes: ["documents:write"], expiresAt: null } })).rejects.toMatchObject({ status: 403 });
  });

  // Issue #18, finding 1: keys of a demoted, then removed admin still wrote.
  it("never lets a key do more than its creator may do now: narrowed on demotion, revoked on removal, audited and listed", async () => {
    const [person] = await handle.db.insert(users).values({ email: "admin-a@keys.test" }).returning();
    await handle.db.insert(memberships).values({ userId: person!.id, tenantId: ownerA.tenantId, role: "admin" });
    const admin: Actor = { tenantId: ownerA.tenantId, role: "admin", userId: person!.id, email: person!.email };
    const { id, secret } = await createApiKey({ actor: admin, input: { name: "admin's", scopes: scopesOfRole("admin"), expiresAt: null } });
    expect((await authenticateApiKey(secret)).scopes).toEqual(scopesOfRole("admin"));
    const listed = async () => (await listApiKeys({ actor: ownerA })).find((k) => k.id === id)!;
    const auditOf = async (action: string) => withSystem("test", (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, id))));

    await changeMemberRole({ actor: ownerA, userId: person!.id, role: "viewer" });
    const narrowed = (await authenticateApiKey(secret)).scopes;
    expect(narrowed).toEqual(scopesOfRole("admin").filter((scope) => scopesOfRole("viewer").includes(scope)));
    expect(narrowed).not.toContain("documents:write");
    expect(await listed()).toMatchObject({ status: "active", scopes: scopesOfRole("admin"), effectiveScopes: narrowed });
    expect(await auditOf("api_keys.narrowed")).toHaveLength(1);
    const write = await handlerOf(PUBLIC_ROUTES.find((r) => r.path === "/api/v1/glossary" && r.method === "POST")!)(
      new NextRequest("http://localhost/api/v1/glossary", { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify({ entityText: "Demoted", entityType: "person" }) }),
      { params: Promise.resolve({}) },
    );
    expect(write.status).toBe(403);

    await removeMember({ actor: ownerA, userId: person!.id });
    await expect(authenticateApiKey(secret)).rejects.toMatchObject({ code: "unauthorized:api_key", message: expect.stringMatching(/revoked/) });
    expect(await listed()).toMatchObject({ status: "revoked", effectiveScopes: [], createdBy: "admin-a@keys.test" });
    expect(await auditOf("api_keys.revoke")).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: "its creator admin-a@keys.test left the workspace" }) })]);
  });

  it("suspends a key whose creator's account is gone, though nobody revoked it", async () => {
    const [person] = await handle.db.insert(users).values({ email: "gone@keys.test" }).returning();
    await handle.db.insert(memberships).values({ userId: person!.id, tenantId: ownerA.tenantId, role: "member" });
    const { id, secret } = await createApiKey({ actor: { tenantId: ownerA.tenantId, role: "member", userId: person!.id }, input: { name: "orphan", scopes: ["search:run"], expiresAt: null } });
    await withSystem("test", (tx) => tx.delete(users).where(eq(users.id, person!.id)));
    await expect(authenticateApiKey(secret)).rejects.toMatchObject({ code: "unauthorized:api_key", message: expect.stringMatching(/suspended/) });
    expect((await listApiKeys({ actor: ownerA })).find((k) => k.id === id)).toMatchObject({ status: "suspended", createdBy: null });
  });

  it("limits each key's requests per minute with 429 and Retry-After", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    const secret = await newKey(ownerA, ["documents:read"]);
    const other = await newKey(ownerA, ["documents:read"]);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await call(route("GET", "/api/v1/documents"), { authorization: `Bearer ${secret}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await last!.json()).error.code).toBe("rate_limited:api");
    // Another key has its own allowance.
    expect((await call(route("GET", "/api/v1/documents"), { authorization: `Bearer ${other}` })).status).toBe(200);
  });

  it("stops a network that presents too many invalid keys, even with a valid one, and only that network (#18, finding 9)", async () => {
    const valid = await newKey(ownerA, ["documents:read"]);
    const from = (ip: string, key: string) => call(route("GET", "/api/v1/documents"), { authorization: `Bearer ${key}`, "x-tkc-peer-address": ip });
    const guesses: number[] = [];
    for (let i = 0; i < INVALID_KEYS_PER_ADDRESS; i++) guesses.push((await from("203.0.113.40", `tkc_${"x".repeat(42)}${i % 10}`)).status);
    expect(guesses).toEqual(Array(INVALID_KEYS_PER_ADDRESS).fill(401));
    const refused = await from("203.0.113.40", valid);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(INVALID_KEY_WINDOW_MINUTES * 60 - 60);
    expect((await refused.json()).error).toMatchObject({ code: "rate_limited:api", message: expect.stringMatching(/^Too many invalid API keys from this network; try again in 10 minutes\./) });
    // Another network is unaffected.
    expect((await from("203.0.113.41", valid)).status).toBe(200);
  });

  it("never makes two documents from one Idempotency-Key, and refuses the key for a different file", async () => {
    const secret = await newKey(ownerA, ["documents:write", "documents:read"]);
    const upload = (text: string, key: string) => {
      const form = new FormData();
      form.append("file", new Blob([text]), "notes.txt");
      return call(route("POST", "/api/v1/documents"), { authorization: `Bearer ${secret}`, "idempotency-key": key }, undefined, form);
    };
    const docsOfA = async () => (await withSystem("test", (tx) => tx.select({ n: count() }).from(documents).where(eq(documents.tenantId, ownerA.tenantId))))[0]!.n;
    const before = await docsOfA();
    const first = await upload("first version of the notes", "retry-key-0001");
    expect(first.status).toBe(201);
    const created = (await first.json()).document.id;
    const retry = await upload("first version of the notes", "retry-key-0001");
    expect(retry.status).toBe(200);
    expect((await retry.json()).document.id).toBe(created);
    const reused = await upload("a different file entirely", "retry-key-0001");
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe("conflict:idempotency_key");
    const bad = await upload("whatever", "has spaces in it");
    expect(bad.status).toBe(400);
    expect(await docsOfA()).toBe(before + 1);
  });

  // Issue #19, item 10: a key first sent with a duplicate was never bound, so reusing it for another file answered 200.
  it("binds an Idempotency-Key first sent with a duplicate upload to the document it found", async () => {
    const secret = await newKey(ownerA, ["documents:write", "documents:read"]);
    const upload = (text: string, key?: string) => {
      const form = new FormData();
      form.append("file", new Blob([text]), "minutes.txt");
      return call(route("POST", "/api/v1/documents"), { authorization: `Bearer ${secret}`, ...(key ? { "idempotency-key": key } : {}) }, undefined, form);
    };
    const docsOfA = async () => (await withSystem("test", (tx) => tx.select({ n: count() }).from(documents).where(eq(documents.tenantId, ownerA.tenantId))))[0]!.n;
    const created = await upload("minutes of the March meeting");
    expect(created.status).toBe(201);
    const id = (await created.json()).document.id;
    const before = await docsOfA();

    const duplicate = await upload("minutes of the March meeting", "dup-first-key-01");
    expect(duplicate.status).toBe(200);
    expect(await duplicate.json()).toMatchObject({ duplicate: true, document: { id } });
    const reused = await upload("minutes of the April meeting", "dup-first-key-01");
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe("conflict:idempotency_key");
    const retried = await upload("minutes of the March meeting", "dup-first-key-01");
    expect(retried.status).toBe(200);
    expect((await retried.json()).document.id).toBe(id);
    expect(await docsOfA()).toBe(before);
  });

  it("publishes an OpenAPI 3.1 document that validates and covers every /api/v1 route", async () => {
    const doc = buildOpenApiDocument("http://localhost:3000/api/v1");
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods) as { operationId: string }[]);
    expect(operations.map((o) => o.operationId).sort()).toEqual(PUBLIC_ROUTES.map((r) => (r.def as { name: string }).name).sort());
    expect(Object.keys(OPERATION_DOCS).sort()).toEqual([...new Set(PUBLIC_ROUTES.map((r) => (r.def as { name: string }).name))].sort());
    const search = doc.paths["/search"]!.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } };
    expect(search.requestBody.content["application/json"]!.schema.properties).toHaveProperty("query");
  });
});
