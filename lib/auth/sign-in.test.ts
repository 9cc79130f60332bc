import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, users } from "@/db/schema";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { hashPassword } from "./password";
import { signInWithPassword } from "./sign-in";

describe("signInWithPassword", () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const passwordHash = await hashPassword("correct horse battery");
    await handle.db.insert(users).values([
      { email: "Ada@Example.test", fullName: "Ada", passwordHash },
      { email: "gone@example.test", fullName: "Gone", passwordHash, isActive: false },
      { email: "root@example.test", fullName: "Root", passwordHash, isSuperuser: true },
    ]);
  });

  afterAll(() => handle?.close());

  it("accepts the right password, whatever the email's case, and records the sign-in", async () => {
    const user = await signInWithPassword({ email: " ada@example.TEST ", password: "correct horse battery" }, { ip: "10.0.0.7" });
    expect(user).toMatchObject({ email: "Ada@Example.test", name: "Ada", isSuperuser: false });
    const [row] = await handle.db.select().from(users).where(eq(users.id, user!.id));
    expect(row!.lastLoginAt).toBeInstanceOf(Date);
    const entries = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.targetId, user!.id)));
    expect(entries.map((e) => [e.action, e.tenantId, e.ip])).toContainEqual(["auth.sign_in", null, "10.0.0.7"]);
  });

  it("carries the superuser flag", async () => {
    expect(await signInWithPassword({ email: "root@example.test", password: "correct horse battery" })).toMatchObject({
      isSuperuser: true,
    });
  });

  it.each([
    ["a wrong password", { email: "ada@example.test", password: "wrong" }],
    ["an unknown email", { email: "nobody@example.test", password: "correct horse battery" }],
    ["a deactivated account", { email: "gone@example.test", password: "correct horse battery" }],
    ["a malformed email", { email: "not-an-email", password: "x" }],
    ["missing fields", {}],
  ])("refuses %s", async (_case, input) => {
    expect(await signInWithPassword(input)).toBeNull();
  });

  it("audits failed attempts with the email that was tried", async () => {
    await signInWithPassword({ email: "nobody@example.test", password: "guess" });
    const failures = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "auth.sign_in_failed")));
    expect(failures.some((f) => f.actor.email === "nobody@example.test")).toBe(true);
  });
});
