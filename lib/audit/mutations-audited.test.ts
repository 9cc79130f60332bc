import { and, gt, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { DatabaseHandle } from "@/db/connect";
import { apiKeys, auditLog, documents, evaluationRuns, evaluationSetItems, evaluationSets, invitations, memberships, ssoRules, tenantContext, tenantCorrections, tenants, users } from "@/db/schema";
import { ACTIONS } from "@/lib/api/catalogue";
import { runAction, type ActionDefinition } from "@/lib/api/define-action";
import { hashPassword } from "@/lib/auth/password";
import type { SessionUser } from "@/lib/auth/session";
import { newLinkToken } from "@/lib/auth/tokens";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { VALID_INPUT, type ActionFixture } from "@/lib/testing/action-inputs";
import { createTestDatabase } from "@/lib/testing/test-database";

type AnyAction = ActionDefinition<z.ZodObject, unknown>;

/** Actions that change nothing, or whose valid input cannot succeed here; each has its own suite. */
const NOT_MUTATIONS: Record<string, string> = {
  "glossary.preview_import": "reads the CSV and the glossary; writes nothing",
  "retention.preview": "counts the rows a cleanup would delete; writes nothing",
  "ranking.tune": "scores ranking settings on an evaluation set; writes nothing (ranking.apply does, audited)",
  "invitations.accept": "needs a real one-time token (lib/members tests)",
  "invitations.accept_new_user": "needs a real one-time token (lib/members tests)",
  "accounts.reset_password": "needs a real one-time token (lib/accounts tests)",
  "accounts.request_password_reset": "writes (and audits) only for an existing account with mail on; password-reset-request.test.ts checks its entry",
};

describe("every mutation writes an audit entry", () => {
  let handle: DatabaseHandle;
  let people: ActionFixture["people"];
  let n = 0;
  const savedSignup = process.env.ALLOW_SIGNUP;

  beforeAll(async () => {
    // Open sign-up, so accounts.sign_up can succeed (the env is read per call).
    process.env.ALLOW_SIGNUP = "open";
    handle = await createTestDatabase();
    const passwordHash = await hashPassword("correct horse battery");
    const names = ["owner", "admin", "member", "viewer", "outsider", "superuser", "inactive", "coowner"] as const;
    const rows = await handle.db.insert(users).values(names.map((name) => ({ email: `${name}@audited.test`, fullName: `The ${name}`, passwordHash, isSuperuser: name === "superuser" }))).returning();
    people = Object.fromEntries(rows.map((r) => [r.email.split("@")[0], { id: r.id, email: r.email, name: r.fullName, isSuperuser: r.isSuperuser } satisfies SessionUser])) as ActionFixture["people"];
  });

  afterAll(async () => {
    await handle?.close();
    if (savedSignup === undefined) delete process.env.ALLOW_SIGNUP;
    else process.env.ALLOW_SIGNUP = savedSignup;
  });

  /** A fresh workspace with one row of everything, so each action runs against untouched data. */
  async function freshWorkspace(): Promise<ActionFixture> {
    n++;
    const f = { slug: `audited-${n}`, tenantName: `Audited ${n}`, people } as ActionFixture;
    const [tenant] = await handle.db.insert(tenants).values({ name: f.tenantName, slug: f.slug }).returning();
    const tenantId = tenant!.id;
    await withSystem("test", async (tx) => {
      await tx.insert(memberships).values([
        ...(["owner", "admin", "member", "viewer"] as const).map((role) => ({ userId: people[role].id, tenantId, role })),
        // A second owner, so the owner may leave.
        { userId: (people as unknown as Record<string, SessionUser>).coowner!.id, tenantId, role: "owner" as const },
      ]);
      const [invite] = await tx.insert(invitations).values({ tenantId, email: "pending@audited.test", role: "member", tokenHash: newLinkToken().tokenHash, expiresAt: new Date(Date.now() + 3_600_000), invitedBy: people.owner.id }).returning();
      f.invitationId = invite!.id;
      const [doc] = await tx.insert(documents).values({ tenantId, filename: "kept.txt", mimeType: "text/plain", fileSize: 4, sha256: n.toString(16).padStart(64, "c"), storageKey: `tenants/${tenantId}/kept`, status: "failed" }).returning();
      f.documentId = doc!.id;
      const [run] = await tx.insert(evaluationRuns).values({ tenantId, userId: people.owner.id, query: "q", mode: "hybrid", latencyMs: 1, sources: [{ documentId: doc!.id, rank: 1, score: 1 }] }).returning();
      f.runId = run!.id;
      const [set] = await tx.insert(evaluationSets).values({ tenantId, name: "Kept set" }).returning();
      f.setId = set!.id;
      const [item] = await tx.insert(evaluationSetItems).values({ tenantId, setId: set!.id, query: "kept", expectedDocumentIds: [doc!.id] }).returning();
      f.itemId = item!.id;
      const [correction] = await tx.insert(tenantCorrections).values({ tenantId, originalText: "Opus Odima", originalKey: "opus odima", correctedText: "Hope Uzodinma", confidence: 0.6 }).returning();
      f.correctionId = correction!.id;
      const [entry] = await tx.insert(tenantContext).values({ tenantId, entityText: "Hope Uzodinma", entityType: "person" }).returning();
      f.glossaryId = entry!.id;
      const [key] = await tx.insert(apiKeys).values({ tenantId, name: "Kept key", prefix: "tkc_kept", keyHash: `kept-${n}`, scopes: ["search:run"] }).returning();
      f.apiKeyId = key!.id;
      const [rule] = await tx.insert(ssoRules).values({ tenantId, kind: "group", value: "kept-group", role: "viewer" }).returning();
      f.ssoRuleId = rule!.id;
    });
    return f;
  }

  const mutations = (Object.values(ACTIONS) as unknown as AnyAction[]).filter((def) => !(def.name in NOT_MUTATIONS));

  it("lists only real actions as exempt", () => {
    const names = (Object.values(ACTIONS) as unknown as AnyAction[]).map((d) => d.name);
    expect(Object.keys(NOT_MUTATIONS).filter((name) => !names.includes(name))).toEqual([]);
  });

  it.each(mutations.map((def) => [def.name, def] as const))("%s succeeds for a permitted caller and leaves an audit entry", async (name, def) => {
    const f = await freshWorkspace();
    const caller = def.kind === "user" && def.superuser ? people.superuser : people.owner;
    const [last] = await withSystem("test", (tx) => tx.select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::float8` }).from(auditLog));
    const input = { ...(def.kind === "tenant" ? { tenant: f.slug } : {}), ...VALID_INPUT[name]!(f) };
    const result = await runAction(def, { user: def.kind === "public" ? null : caller, ip: "10.9.8.7" }, input);
    expect(result.ok ? "ok" : result.error, name).toBe("ok");
    const entries = await withSystem("test", (tx) =>
      tx.select({ action: auditLog.action, actor: auditLog.actor }).from(auditLog).where(and(gt(auditLog.id, last!.id), ne(auditLog.action, "access.denied"))),
    );
    expect(entries.length, `${name} wrote no audit entry`).toBeGreaterThan(0);
    if (def.kind !== "public") expect(entries.some((e) => e.actor.userId === caller.id), `${name}: the entry names its actor`).toBe(true);
  });
});
