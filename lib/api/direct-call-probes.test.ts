import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import type { DatabaseHandle } from "@/db/connect";
import {
  documents,
  evaluationRuns,
  evaluationSetItems,
  evaluationSets,
  invitations,
  memberships,
  ssoRules,
  tenantContext,
  tenantCorrections,
  tenants,
  users,
  type Role,
} from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/api-keys-service";
import { scopesOfRole } from "@/lib/api-keys/key-scopes";
import { can, ROLES } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session";
import { signInClaims } from "@/lib/auth/session-token";
import { newLinkToken } from "@/lib/auth/tokens";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { VALID_INPUT, type ActionFixture } from "@/lib/testing/action-inputs";
import { exportedHandler } from "@/lib/testing/exported-handler";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { createTestDatabase } from "@/lib/testing/test-database";
import { ACTIONS, isPublicApi, ROUTES } from "./catalogue";
import { runAction, type ActionDefinition } from "./define-action";
import type { RouteDefinition, TenantRouteDefinition } from "./define-route";
import { serverAction } from "./server-action";

// Direct calls, the way an attacker makes them: a server action is a POST anyone can send with any
// cookie and header, and a route handler answers whatever reaches it. Nothing here goes through the
// proxy (middleware), so each wrapper must refuse on its own. Every probe is generated from ACTIONS
// and ROUTES, so a new action or route is probed without anyone remembering to add it.

// What a server action sees of its request: next/headers, served from the request of the current probe.
const incoming = vi.hoisted(() => ({ request: null as NextRequest | null }));
vi.mock("next/headers", () => ({
  headers: async () => incoming.request!.headers,
  cookies: async () => incoming.request!.cookies,
}));

type AnyAction = ActionDefinition<z.ZodObject, unknown>;
type AnyRoute = RouteDefinition<z.ZodObject, unknown>;
type CatalogueRoute = (typeof ROUTES)[number];

const ALL_ACTIONS = Object.values(ACTIONS) as unknown as AnyAction[];
const SESSION_ACTIONS = ALL_ACTIONS.filter((def) => def.kind !== "public");
const TENANT_ACTIONS = ALL_ACTIONS.filter((def) => def.kind === "tenant");
/** Open to anyone by design: each takes a one-time token, creates an account or asks for a reset link by email. */
const PUBLIC_BY_DESIGN = ["accounts.request_password_reset", "accounts.reset_password", "accounts.sign_up", "invitations.accept_new_user"];
const TENANT_ROUTES = ROUTES.filter((route) => (route.def as unknown as AnyRoute).kind === "tenant");

const SECRET = "test-secret-for-direct-call-probes";
// The CVE-2025-29927 header: Next.js before 15.2.3 skipped middleware when it was present.
const MIDDLEWARE_SUBREQUEST = "middleware:middleware:middleware:middleware:middleware";
const MARKER = "ACME-SECRET";

interface Workspace {
  id: string;
  slug: string;
  name: string;
  people: Record<Role, SessionUser>;
  ids: Omit<ActionFixture, "slug" | "tenantName" | "people">;
}

async function seedWorkspace(handle: DatabaseHandle, slug: string, name: string, text: string): Promise<Workspace> {
  const rows = await handle.db
    .insert(users)
    .values(ROLES.map((role) => ({ email: `${role}@${slug}.test`, fullName: `${slug} ${role}` })))
    .returning();
  const people = Object.fromEntries(rows.map((r, i) => [ROLES[i], { id: r.id, email: r.email, name: r.fullName, isSuperuser: false }])) as Record<Role, SessionUser>;
  const [tenant] = await handle.db.insert(tenants).values({ name, slug }).returning();
  const tenantId = tenant!.id;
  const ids = await withSystem("seed a probed workspace", async (tx) => {
    await tx.insert(memberships).values(ROLES.map((role) => ({ userId: people[role].id, tenantId, role })));
    const [invitation] = await tx
      .insert(invitations)
      .values({ tenantId, email: `pending@${slug}.test`, role: "member", tokenHash: newLinkToken().tokenHash, expiresAt: new Date(Date.now() + 3_600_000), invitedBy: people.owner.id })
      .returning();
    const [doc] = await tx
      .insert(documents)
      .values({ tenantId, filename: `${text}.txt`, mimeType: "text/plain", fileSize: 4, sha256: "d".repeat(64), storageKey: `tenants/${slug}/kept`, status: "failed" })
      .returning();
    const [run] = await tx.insert(evaluationRuns).values({ tenantId, userId: people.viewer.id, query: text, mode: "hybrid", latencyMs: 1 }).returning();
    const [set] = await tx.insert(evaluationSets).values({ tenantId, name: `${text} set` }).returning();
    const [item] = await tx.insert(evaluationSetItems).values({ tenantId, setId: set!.id, query: text, expectedDocumentIds: [doc!.id] }).returning();
    const [correction] = await tx
      .insert(tenantCorrections)
      .values({ tenantId, originalText: `${text} wrong`, originalKey: `${text} wrong`.toLowerCase(), correctedText: `${text} right`, confidence: 0.6 })
      .returning();
    const [entry] = await tx.insert(tenantContext).values({ tenantId, entityText: `${text} Person`, entityType: "person" }).returning();
    const [rule] = await tx.insert(ssoRules).values({ tenantId, kind: "group", value: `${slug}-group`, role: "viewer" }).returning();
    return {
      invitationId: invitation!.id,
      documentId: doc!.id,
      runId: run!.id,
      setId: set!.id,
      itemId: item!.id,
      correctionId: correction!.id,
      glossaryId: entry!.id,
      ssoRuleId: rule!.id,
    };
  });
  const { id: apiKeyId } = await createApiKey({ actor: { tenantId, role: "owner", userId: people.owner.id }, input: { name: `${text} key`, scopes: ["search:run"], expiresAt: null } });
  return { id: tenantId, slug, name, people, ids: { ...ids, apiKeyId } };
}

/** VALID_INPUT's view of a workspace: its rows, and its members standing in for every person. */
const fixtureOf = (w: Workspace): ActionFixture => ({
  slug: w.slug,
  tenantName: w.name,
  ...w.ids,
  people: { ...w.people, outsider: w.people.member, superuser: w.people.member, inactive: w.people.member },
});

/** The row a route's [id] names, in workspace `w`. */
function idFor(route: CatalogueRoute, w: Workspace): string {
  if (route.path.includes("/documents/")) return w.ids.documentId;
  if (route.path.includes("/evaluation-runs/")) return w.ids.runId;
  if (route.path.includes("/evaluation-sets/")) return w.ids.setId;
  if (route.path.includes("/corrections/")) return w.ids.correctionId;
  if (route.path.includes("[id]")) throw new Error(`no row for ${route.path}: teach idFor which table it reads`);
  return "";
}

/** A request body that would really write, were the caller let through. */
function bodyFor(route: CatalogueRoute): BodyInit | undefined {
  const tail = route.path.replace(/^\/api\/(v1|t\/\[slug\])/, "");
  const json: Record<string, unknown> = {
    "POST /search": { query: "probe" },
    "POST /clean": { content: "probe text" },
    "POST /corrections": { originalText: "probe", correctedText: "Probe" },
    "PATCH /corrections/[id]": { correctedText: "Hijacked" },
    "POST /corrections/[id]/outcome": { successful: false },
    "POST /glossary": { entityText: "Probe Person", entityType: "person" },
  };
  const key = `${route.method} ${tail}`;
  if (key === "POST /documents") {
    const form = new FormData();
    form.append("file", new File(["probe upload"], "probe.txt", { type: "text/plain" }));
    return form;
  }
  return key in json ? JSON.stringify(json[key]) : route.method === "GET" || route.method === "DELETE" ? undefined : "{}";
}

function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}) {
  const headers = { ...(typeof init.body === "string" ? { "content-type": "application/json" } : {}), ...init.headers };
  return new NextRequest(url, { method: init.method ?? "GET", headers, body: init.body });
}

describe("direct calls to every action and route", () => {
  let handle: DatabaseHandle;
  let storageDir: string;
  let a: Workspace;
  let b: Workspace;
  /** One API key of workspace B per role, with every scope that role may give a key. */
  const keysOfB = {} as Record<Role, string>;
  const saved = { secret: process.env.NEXTAUTH_SECRET, url: process.env.NEXTAUTH_URL, storage: process.env.STORAGE_DIR };

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    delete process.env.NEXTAUTH_URL; // an https URL would switch next-auth to the __Secure- cookie name
    storageDir = await mkdtemp(path.join(os.tmpdir(), "tkc-probes-"));
    process.env.STORAGE_DIR = storageDir;
    handle = await createTestDatabase();
    a = await seedWorkspace(handle, "acme", `Acme ${MARKER}`, MARKER);
    b = await seedWorkspace(handle, "bravo", "Bravo Labs", "Bravo");
    for (const role of ROLES) {
      const actor = { tenantId: b.id, role, userId: b.people[role].id };
      keysOfB[role] = (await createApiKey({ actor, input: { name: `bravo ${role}`, scopes: scopesOfRole(role), expiresAt: null } })).secret;
    }
  });

  afterAll(async () => {
    await handle?.close();
    await rm(storageDir, { recursive: true, force: true });
    for (const [name, value] of [["NEXTAUTH_SECRET", saved.secret], ["NEXTAUTH_URL", saved.url], ["STORAGE_DIR", saved.storage]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** Every row of every table, fingerprinted: any write anywhere changes it. */
  /** Every table but the rate-limit counters: every /api/v1 request is counted, a refused one too, on purpose. */
  async function wholeDatabase(): Promise<Record<string, string>> {
    const { rows: tables } = await handle.pglite!.query<{ name: string }>(
      "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'rate_limits' order by 1",
    );
    const query = tables.map((t) => `select '${t.name}' as name, count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as print from "${t.name}" x`).join(" union all ");
    const { rows } = await handle.pglite!.query<{ name: string; print: string }>(query);
    return Object.fromEntries(rows.map((r) => [r.name, r.print]));
  }

  /**
   * Every row workspace A owns, its tenant row and its members' accounts. The audit log is left out:
   * a refused attempt on A is recorded in A's audit log, on purpose.
   */
  async function workspaceA(): Promise<Record<string, string>> {
    const { rows: tables } = await handle.pglite!.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute at on at.attrelid = c.oid and at.attname = 'tenant_id' and not at.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> 'audit_log' order by 1`,
    );
    const print = (from: string) => `count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from ${from}`;
    const query = [
      ...tables.map((t) => `select '${t.name}' as name, ${print(`"${t.name}" x where x.tenant_id = $1`)}`),
      `select 'tenants', ${print("tenants x where x.id = $1")}`,
      `select 'users', ${print("users x where x.id in (select user_id from memberships where tenant_id = $1)")}`,
    ].join(" union all ");
    const { rows } = await handle.pglite!.query<{ name: string; "?column?": string }>(query, [a.id]);
    return Object.fromEntries(rows.map((r) => [r.name, Object.values(r)[1] as string]));
  }

  /** Nothing of workspace A (its rows' ids, its id, its texts) appears in what a caller got back. */
  function expectNothingOfA(label: string, answer: unknown) {
    const text = JSON.stringify(answer) ?? "";
    const leaked = [MARKER, a.id, ...Object.values(a.ids)].filter((needle) => text.includes(needle));
    expect(leaked, `${label} leaked workspace A's data`).toEqual([]);
  }

  // The session probes: each is the headers a caller controls, none of which is a valid session.
  const probes = {
    "no session": async () => ({}),
    "a JWT signed with another secret": async () => ({ cookie: await sessionCookie({ ...a.people.owner, isSuperuser: true }, "not-the-secret") }),
    "an unencrypted JWT (alg: none)": async () => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const claims = { email: a.people.owner.email, ...signInClaims({ id: a.people.owner.id, isSuperuser: true, sessionVersion: 0 }) };
      return { cookie: `next-auth.session-token=${part({ alg: "none", typ: "JWT" })}.${part(claims)}.` };
    },
    "a JWT whose exp is in the past": async () => {
      const token = { email: a.people.owner.email, ...signInClaims({ id: a.people.owner.id, isSuperuser: false, sessionVersion: 0 }) };
      return { cookie: `next-auth.session-token=${await encode({ token, secret: SECRET, maxAge: -3600 })}` };
    },
    "a JWT whose session began longer ago than any session may last": async () => {
      const long = Math.floor(Date.now() / 1000) - 400 * 24 * 3600;
      return { cookie: await sessionCookie(a.people.owner, SECRET, { auth: long, seen: long }) };
    },
    "x-middleware-subrequest and no session": async () => ({ "x-middleware-subrequest": MIDDLEWARE_SUBREQUEST }),
    "x-middleware-subrequest with a forged JWT": async () => ({
      "x-middleware-subrequest": MIDDLEWARE_SUBREQUEST,
      cookie: await sessionCookie({ ...a.people.owner, isSuperuser: true }, "not-the-secret"),
    }),
  } satisfies Record<string, () => Promise<Record<string, string>>>;
  const PROBES = Object.entries(probes);

  /** Runs an action as a `"use server"` export runs it: through serverAction, reading the request's cookies and headers. */
  async function callAction(def: AnyAction, headers: Record<string, string>, input: Record<string, unknown>) {
    incoming.request = request("http://localhost/", { method: "POST", headers: { "next-action": "probe", ...headers } });
    try {
      return await serverAction(def)(input as never);
    } finally {
      incoming.request = null;
    }
  }

  async function callRoute(route: CatalogueRoute, options: { slug: string; id: string; headers?: Record<string, string>; tenantHeader?: string }) {
    const url = `http://localhost${route.path.replace("[slug]", options.slug).replace("[id]", options.id)}`;
    const headers = { ...(route.path.includes("[slug]") ? {} : { "x-tenant": options.tenantHeader ?? options.slug }), ...options.headers };
    const params = route.path.includes("[slug]") ? { slug: options.slug, id: options.id } : { id: options.id };
    const response = await exportedHandler(route)(request(url, { method: route.method, headers, body: bodyFor(route) }), { params: Promise.resolve(params) });
    const text = await response.text();
    const body = response.headers.get("content-type")?.includes("json") && text ? (JSON.parse(text) as Record<string, unknown>) : { text };
    return { status: response.status, body };
  }

  describe("the harness", () => {
    it("lets a real session through each path, so the refusals below are about the probes", async () => {
      const preview = ALL_ACTIONS.find((def) => def.name === "retention.preview")!;
      const valid = await sessionCookie(a.people.owner, SECRET);
      const result = await callAction(preview, { cookie: valid }, { tenant: a.slug, evaluation_runs: 1 });
      expect(result).toMatchObject({ ok: true });
      const list = ROUTES.find((r) => r.path === "/api/t/[slug]/documents" && r.method === "GET")!;
      expect((await callRoute(list, { slug: a.slug, id: "", headers: { cookie: valid } })).status).toBe(200);
      // The same claims as the expired probe, with exp ahead: only the expiry refuses that one.
      const token = { email: a.people.owner.email, ...signInClaims({ id: a.people.owner.id, isSuperuser: false, sessionVersion: 0 }) };
      const fresh = `next-auth.session-token=${await encode({ token, secret: SECRET, maxAge: 3600 })}`;
      expect((await callRoute(list, { slug: a.slug, id: "", headers: { cookie: fresh } })).status).toBe(200);
      expect(await callAction(preview, { cookie: fresh }, { tenant: a.slug, evaluation_runs: 1 })).toMatchObject({ ok: true });
    });

    it("knows every action without a session check by name", () => {
      expect(ALL_ACTIONS.filter((def) => def.kind === "public").map((def) => def.name).sort()).toEqual(PUBLIC_BY_DESIGN);
    });

    it("knows the real row behind every route's [id], so a leaked call would act on it", () => {
      for (const route of ROUTES) expect(() => idFor(route, a)).not.toThrow();
    });
  });

  // Issue #18, finding 8: a NUL in the workspace slug was a 500 that logged the whole query.
  describe.each(TENANT_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))("route %s, by a member", (_label, route) => {
    it.each(["\u0000", "%00", "\u001b"])("answers a slug with %j in it with 400 and changes nothing", async (character) => {
      const before = await wholeDatabase();
      const cookie = await sessionCookie(a.people.owner, SECRET);
      const slug = `${a.slug}${decodeURIComponent(character)}`;
      const id = idFor(route, a);
      // In the path for /api/t; in the `tenant` query for /api/v1 (a header cannot carry it).
      const url = route.path.includes("[slug]")
        ? `http://localhost${route.path.replace("[slug]", encodeURIComponent(slug)).replace("[id]", id)}`
        : `http://localhost${route.path.replace("[id]", id)}?${new URLSearchParams({ tenant: slug })}`;
      const params = route.path.includes("[slug]") ? { slug, id } : { id };
      const response = await exportedHandler(route)(request(url, { method: route.method, headers: { cookie }, body: bodyFor(route) }), { params: Promise.resolve(params) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "bad_request:tenant" } });
      expect(await wholeDatabase()).toEqual(before);
    });
  });

  // One address check for every route and caller (#18 item 5): an [id] with a control character was looked up, and a 404.
  describe.each(ROUTES.filter((route) => route.path.includes("[id]")).map((route) => [`${route.method} ${route.path}`, route] as const))("route %s, by its owner", (_label, route) => {
    it.each(["\u0000", "\u001b"])("answers an id with %j in it with 400 bad_request:input and changes nothing", async (character) => {
      const before = await wholeDatabase();
      const cookie = await sessionCookie(a.people.owner, SECRET);
      const result = await callRoute(route, { slug: a.slug, id: `${idFor(route, a)}${character}`, headers: { cookie } });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ error: { code: "bad_request:input", field: "id" } });
      expect(await wholeDatabase()).toEqual(before);
    });
  });

  it("checks a key's request address as a session's: a control character in ?tenant= is a 400, though the key names its own workspace", async () => {
    // All but api_keys: a valid key's last use is recorded, on purpose.
    const everythingButKeys = async () => Object.fromEntries(Object.entries(await wholeDatabase()).filter(([table]) => table !== "api_keys"));
    const before = await everythingButKeys();
    const create = ROUTES.find((r) => r.path === "/api/v1/glossary" && r.method === "POST")!;
    const url = `http://localhost/api/v1/glossary?${new URLSearchParams({ tenant: "bravo\u0000" })}`;
    const response = await exportedHandler(create)(request(url, { method: "POST", headers: { authorization: `Bearer ${keysOfB.owner}` }, body: bodyFor(create) }), { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "bad_request:tenant" } });
    expect(await everythingButKeys()).toEqual(before);
  });

  // The two wrappers answered errors each its own way: /api/v1 dropped `field` (which its OpenAPI document promises), the console's were cacheable.
  it.each(["/api/t/[slug]/search", "/api/v1/search"])("%s answers invalid input naming the field, never cached, with a request id on the public API only", async (path) => {
    const route = ROUTES.find((r) => r.path === path && r.method === "POST")!;
    const cookie = await sessionCookie(a.people.owner, SECRET);
    const url = `http://localhost${path.replace("[slug]", a.slug)}`;
    const send = request(url, { method: "POST", headers: { cookie, "x-tenant": a.slug }, body: JSON.stringify({ query: 5 }) });
    const response = await exportedHandler(route)(send, { params: Promise.resolve({ slug: a.slug }) });
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: "bad_request:input", field: "query" });
    expect(body.error.requestId).toBe(isPublicApi(path) ? response.headers.get("x-request-id") : undefined);
    expect(response.headers.has("x-request-id")).toBe(isPublicApi(path));
  });

  // Issue #18, finding 5: a cookie-authenticated POST from another site was served.
  const WRITES = ROUTES.filter((route) => !["GET", "HEAD"].includes(route.method));
  describe.each(WRITES.map((route) => [`${route.method} ${route.path}`, route] as const))("route %s with the owner's cookie", (_label, route) => {
    it.each([
      ["Origin: http://evil.example", { origin: "http://evil.example" }],
      ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
      ["Origin: null", { origin: "null" }],
    ] as const)("sent from another site (%s) answers 403 and changes nothing", async (_name, headers) => {
      const before = await wholeDatabase();
      const cookie = await sessionCookie(a.people.owner, SECRET);
      const result = await callRoute(route, { slug: a.slug, id: idFor(route, a), headers: { cookie, "content-type": "text/plain", ...headers } });
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ error: { code: "forbidden:origin" } });
      expect(await wholeDatabase()).toEqual(before);
    });
  });

  it("lets a same-origin browser request and an API key from anywhere through the origin check", async () => {
    const cookie = await sessionCookie(a.people.owner, SECRET);
    const create = ROUTES.find((r) => r.path === "/api/v1/glossary" && r.method === "POST")!;
    const sameSite = await callRoute(create, { slug: a.slug, id: "", headers: { cookie, origin: "http://localhost", "sec-fetch-site": "same-origin" } });
    expect(sameSite.status).toBeLessThan(300);
    const withKey = await callRoute(create, { slug: b.slug, id: "", headers: { authorization: `Bearer ${keysOfB.owner}`, origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
    expect(withKey.status).toBeLessThan(300);
  });

  describe.each(SESSION_ACTIONS.map((def) => [def.name, def] as const))("server action %s", (_name, def) => {
    it.each(PROBES)("refuses %s with unauthorized:session and changes nothing", async (_probe, headersOf) => {
      const input = { ...(def.kind === "tenant" ? { tenant: a.slug } : {}), ...VALID_INPUT[def.name]!(fixtureOf(a)) };
      const before = await wholeDatabase();
      const result = await callAction(def, await headersOf(), input);
      expect(result).toMatchObject({ ok: false, error: { code: "unauthorized:session" } });
      expect(await wholeDatabase()).toEqual(before);
    });
  });

  describe.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))("route %s", (_label, route) => {
    it.each(PROBES)("answers %s with 401 and changes nothing", async (_probe, headersOf) => {
      const before = await wholeDatabase();
      const result = await callRoute(route, { slug: a.slug, id: idFor(route, a), headers: await headersOf() });
      expect(result.status).toBe(401);
      expect(result.body).toMatchObject({ error: { code: isPublicApi(route.path) ? "unauthorized:api_key" : "unauthorized:session" } });
      expect(await wholeDatabase()).toEqual(before);
    });
  });

  describe.each(ROUTES.filter((route) => isPublicApi(route.path)).map((route) => [`${route.method} ${route.path}`, route] as const))(
    "/api/v1 %s with workspace B's API key, aimed at workspace A",
    (_label, route) => {
      it("never reaches A: a 404 for A's ids, nothing of A in the answer, nothing of A changed", async () => {
        // X-Tenant names A too: a key acts in its own workspace whatever the request says.
        const before = await workspaceA();
        const result = await callRoute(route, { slug: a.slug, id: idFor(route, a), headers: { authorization: `Bearer ${keysOfB.owner}` } });
        if (route.path.includes("[id]")) expect(result.status).toBe(404);
        else expect(result.status).toBeLessThan(500);
        expectNothingOfA(route.path, result.body);
        expect(await workspaceA()).toEqual(before);
      });

      it.each([...ROLES])("with the key of B's %s: A's ids answer 404 or the key's own 403, never 200", async (role) => {
        const before = await workspaceA();
        const result = await callRoute(route, { slug: a.slug, id: idFor(route, a), headers: { "x-api-key": keysOfB[role] } });
        const scope = (route.def as unknown as TenantRouteDefinition<z.ZodObject, unknown>).scope;
        if (!can(role, scope)) expect(result.body).toMatchObject({ error: { code: "forbidden:scope" } });
        else if (route.path.includes("[id]")) expect(result.status).toBe(404);
        else expect(result.status).toBeLessThan(500);
        expectNothingOfA(`${route.path} as B's ${role} key`, result.body);
        expect(await workspaceA()).toEqual(before);
      });
    },
  );

  // Issue #9, item 1: two workspaces x four roles, every tenant action and route, read and write.
  describe.each([...ROLES])("B's %s against workspace A", (role) => {
    it.each(TENANT_ACTIONS.map((def) => [def.name, def] as const))("action %s naming A's workspace is refused with forbidden:tenant", async (_name, def) => {
      const before = await workspaceA();
      const result = await runAction(def, { user: b.people[role], ip: "10.9.9.9" }, { tenant: a.slug, ...VALID_INPUT[def.name]!(fixtureOf(a)) });
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden:tenant" } });
      expectNothingOfA(def.name, result);
      expect(await workspaceA()).toEqual(before);
    });

    it.each(TENANT_ACTIONS.map((def) => [def.name, def] as const))("action %s in B's own workspace with A's ids reads and changes nothing of A", async (_name, def) => {
      // A fresh workspace per call: the action may really rename, delete or leave it.
      const [own] = await handle.db.insert(tenants).values({ name: `Own ${role} ${def.name}`, slug: `own-${role}-${def.name.replace(/[._]/g, "-")}` }).returning();
      await withSystem("test", (tx) => tx.insert(memberships).values(ROLES.map((r) => ({ userId: b.people[r].id, tenantId: own!.id, role: r }))));
      const before = await workspaceA();
      const result = await runAction(def, { user: b.people[role], ip: "10.9.9.9" }, { ...VALID_INPUT[def.name]!(fixtureOf(a)), tenant: own!.slug });
      if (!result.ok) expect(result.error.code, def.name).not.toMatch(/^internal/);
      expectNothingOfA(def.name, result);
      expect(await workspaceA()).toEqual(before);
    });

    it.each(TENANT_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))("route %s naming A's workspace answers 403 forbidden:tenant", async (_label, route) => {
      const before = await workspaceA();
      const result = await callRoute(route, { slug: a.slug, id: idFor(route, a), headers: { cookie: await sessionCookie(b.people[role], SECRET) } });
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ error: { code: "forbidden:tenant" } });
      expect(await workspaceA()).toEqual(before);
    });

    it.each(TENANT_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))("route %s in B's own workspace with A's ids answers 404 (or 403 for a missing scope), nothing of A", async (_label, route) => {
      const before = await workspaceA();
      const result = await callRoute(route, { slug: b.slug, id: idFor(route, a), headers: { cookie: await sessionCookie(b.people[role], SECRET) } });
      const scope = (route.def as unknown as TenantRouteDefinition<z.ZodObject, unknown>).scope;
      if (!can(role, scope)) {
        expect(result.status).toBe(403);
        expect(result.body).toMatchObject({ error: { code: "forbidden:scope" } });
      } else if (route.path.includes("[id]")) {
        expect(result.status).toBe(404);
      } else {
        expect(result.status).toBeLessThan(500);
      }
      expectNothingOfA(route.path, result.body);
      expect(await workspaceA()).toEqual(before);
    });
  });
});
