import type { PGlite } from "@electric-sql/pglite";
import { and, count, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/ready/route";
import { GET as listDocuments } from "@/app/api/t/[slug]/documents/route";
import { POST as createCorrection } from "@/app/api/v1/corrections/route";
import { getDatabase } from "@/db/client";
import { auditLog, memberships, tenantCorrections, tenants, users } from "@/db/schema";
import { authOptions } from "@/lib/auth/options";
import { nowSeconds, signInClaims } from "@/lib/auth/session-token";
import { createCorrectionAction } from "@/lib/corrections/actions";
import { DATABASE_UNAVAILABLE_MESSAGE } from "@/lib/errors";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { clonePglite, createWireTestDatabase, type WireTestDatabase } from "@/lib/testing/test-database";
import { serverAction } from "./server-action";

// The database server going away and coming back under a running app, over postgres.js as in
// DATABASE_URL mode: every caller gets a 503 that says nothing was saved, nobody is signed out, and
// the same handle (the same pool) serves again once the server listens, with no restart and nothing reopened.

const incoming = vi.hoisted(() => ({ request: null as NextRequest | null }));
vi.mock("next/headers", () => ({
  headers: async () => incoming.request!.headers,
  cookies: async () => incoming.request!.cookies,
}));

// The health and readiness routes ask for a request scope (connection()); a direct call has none.
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => {} }));

const SECRET = "test-secret-for-database-outage";
const SLUG = "outage";

/**
 * Stops the server when the first message containing `marker` reaches the database, which executes
 * nothing more from then on: the server going away under a request, inside its transaction.
 */
function stopAt(pglite: PGlite, marker: string, wire: WireTestDatabase): { stopped: () => Promise<void> } {
  const original = pglite.execProtocolRawStream.bind(pglite);
  let stopping: Promise<void> | undefined;
  pglite.execProtocolRawStream = async (message, options) => {
    if (!stopping && !Buffer.from(message).toString("latin1").includes(marker)) return original(message, options);
    stopping ??= wire.stopServer().finally(() => (pglite.execProtocolRawStream = original));
  };
  return { stopped: async () => stopping };
}

describe("the database going away and coming back (postgres.js)", () => {
  let pglite: PGlite;
  let wire: WireTestDatabase;
  let cookie: string;
  let ownerId: string;
  const jwt = authOptions.callbacks!.jwt!;
  let errors: MockInstance<typeof console.error> | undefined;

  const createCorrectionByAction = serverAction(createCorrectionAction);

  const list = () => listDocuments(new NextRequest(`http://localhost/api/t/${SLUG}/documents`, { headers: { cookie } }), { params: Promise.resolve({ slug: SLUG }) });
  const create = (originalText: string) =>
    createCorrection(
      new NextRequest("http://localhost/api/v1/corrections", {
        method: "POST",
        headers: { cookie, "x-tenant": SLUG, "content-type": "application/json" },
        body: JSON.stringify({ originalText, correctedText: `${originalText} fixed` }),
      }),
      { params: Promise.resolve({}) },
    );
  const createByAction = (originalText: string) => {
    incoming.request = new NextRequest("http://localhost/", { method: "POST", headers: { cookie } });
    return createCorrectionByAction({ tenant: SLUG, originalText, correctedText: `${originalText} fixed` });
  };
  /** Corrections with this original text, and their audit entries, as the database holds them. */
  const stored = (originalText: string) =>
    withSystem("test", async (tx) => {
      const [rows] = await tx.select({ n: count() }).from(tenantCorrections).where(eq(tenantCorrections.originalText, originalText));
      const [audits] = await tx
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.action, "correction.created"), sql`${auditLog.details}->'after'->>'originalText' = ${originalText}`));
      return { corrections: rows!.n, audits: audits!.n };
    });

  async function expectUnavailable(response: Response) {
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "unavailable:database", message: DATABASE_UNAVAILABLE_MESSAGE });
  }

  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = SECRET;
    pglite = await clonePglite();
    wire = await createWireTestDatabase({ pglite });
    const [owner] = await wire.db.insert(users).values({ email: "owner@outage.test", fullName: "Outage Owner" }).returning();
    const [tenant] = await wire.db.insert(tenants).values({ name: "Outage", slug: SLUG }).returning();
    await withSystem("seed", (tx) => tx.insert(memberships).values({ userId: owner!.id, tenantId: tenant!.id, role: "owner" }));
    ownerId = owner!.id;
    cookie = await sessionCookie({ id: ownerId, email: owner!.email }, SECRET);
  });

  afterEach(async () => {
    errors?.mockRestore();
    await wire.startServer().catch(() => {});
  });

  afterAll(async () => {
    await wire?.close();
  });

  it("answers 503 with a clear message while the server is down, stores nothing, signs nobody out, and serves again once it is back", async () => {
    expect((await list()).status).toBe(200);
    const before = await getDatabase();

    await wire.stopServer();
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await expectUnavailable(await list());
    await expectUnavailable(await create("Outage write"));
    expect(await createByAction("Outage action")).toEqual({ ok: false, error: { code: "unavailable:database", message: DATABASE_UNAVAILABLE_MESSAGE } });
    // next-auth's own session read cannot check the session now: it keeps it rather than signing the user out.
    const session = { ...signInClaims({ id: ownerId, isSuperuser: false, sessionVersion: 0 }), seen: nowSeconds() - 5 * 60 };
    expect(await jwt({ token: session, account: null, user: undefined as never })).toEqual(session);
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.headers.get("retry-after")).toBe("5");
    expect(await down.json()).toMatchObject({ status: "unavailable", reason: expect.stringMatching(/^database unreachable \((ECONNREFUSED|CONNECTION_CLOSED)\)$/) });
    // Liveness reads nothing from the database: it answers all the same.
    expect((await health()).status).toBe(200);
    expect(errors).toHaveBeenCalledWith("database unavailable", expect.objectContaining({ route: "documents.list" }));
    errors.mockRestore();

    await wire.startServer();
    expect(await getDatabase()).toBe(before);
    expect((await list()).status).toBe(200);
    expect((await create("Back write")).status).toBe(201);
    expect(await createByAction("Back action")).toMatchObject({ ok: true });
    expect((await ready()).status).toBe(200);
    expect((await jwt({ token: session, account: null, user: undefined as never })).seen).toBeGreaterThan(session.seen);

    expect(await stored("Outage write")).toEqual({ corrections: 0, audits: 0 });
    expect(await stored("Outage action")).toEqual({ corrections: 0, audits: 0 });
    expect(await stored("Back write")).toEqual({ corrections: 1, audits: 1 });
    expect(await stored("Back action")).toEqual({ corrections: 1, audits: 1 });
  });

  // Before withTenant left such a transaction to the driver, postgres.js wrote its ROLLBACK on the
  // closed connection: an uncaught TypeError, then CONNECT_TIMEOUT on every query until a restart.
  it("answers 503 to a write caught mid-transaction when the server goes, keeps none of it, and takes the next one", async () => {
    expect((await list()).status).toBe(200);
    const cut = stopAt(pglite, 'insert into "tenant_corrections"', wire);
    errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const inFlight = create("Caught in flight");
    await expectUnavailable(await inFlight);
    await cut.stopped();
    const logged = errors.mock.calls.find(([label]) => label === "database unavailable")?.[1] as { error: { code?: string; cause?: { code?: string } } };
    expect(logged.error.code ?? logged.error.cause?.code).toBe("CONNECTION_CLOSED");
    errors.mockRestore();

    await wire.startServer();
    expect((await create("After the cut")).status).toBe(201);
    expect(await stored("Caught in flight")).toEqual({ corrections: 0, audits: 0 });
    expect(await stored("After the cut")).toEqual({ corrections: 1, audits: 1 });
  });
});
