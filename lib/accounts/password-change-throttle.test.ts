import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { changePassword, MAX_PASSWORD_CHANGE_FAILURES } from "./accounts-service";

describe("changing one's password", () => {
  let handle: DatabaseHandle;
  let user: { id: string; email: string };

  beforeAll(async () => {
    handle = await createTestDatabase();
    const [row] = await handle.db.insert(users).values({ email: "pw@example.test", passwordHash: await hashPassword("the current one 1") }).returning();
    user = { id: row!.id, email: row!.email };
  });

  afterAll(() => handle?.close());

  it("audits wrong current passwords and stops accepting attempts after the limit, even the right one", async () => {
    for (let i = 0; i < MAX_PASSWORD_CHANGE_FAILURES; i++) {
      await expect(changePassword({ user, currentPassword: `guess ${i}`, newPassword: "a brand new phrase" })).rejects.toThrow(/current password is not correct/);
    }
    const failures = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "user.password_change_failed")));
    expect(failures).toHaveLength(MAX_PASSWORD_CHANGE_FAILURES);
    await expect(changePassword({ user, currentPassword: "the current one 1", newPassword: "a brand new phrase" })).rejects.toMatchObject({ status: 429 });
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(row!.passwordHash!, "the current one 1")).toBe(true);
  });
});
