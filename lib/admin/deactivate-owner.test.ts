import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { memberships, tenants, users } from "@/db/schema";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { createTestDatabase } from "@/lib/testing/test-database";
import { setUserActive } from "./admin-service";

describe("deactivating an owner", () => {
  let handle: DatabaseHandle;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    handle = await createTestDatabase();
    const rows = await handle.db
      .insert(users)
      .values(["root", "solo", "first", "second"].map((n) => ({ email: `${n}@example.test`, isSuperuser: n === "root" })))
      .returning();
    rows.forEach((r) => (ids[r.email.split("@")[0]!] = r.id));
    const [solo, shared] = await handle.db.insert(tenants).values([{ name: "Solo Co", slug: "solo" }, { name: "Shared Co", slug: "shared" }]).returning();
    await withSystem("test", (tx) =>
      tx.insert(memberships).values([
        { userId: ids.solo!, tenantId: solo!.id, role: "owner" },
        { userId: ids.first!, tenantId: shared!.id, role: "owner" },
        { userId: ids.second!, tenantId: shared!.id, role: "owner" },
      ]),
    );
  });

  afterAll(() => handle?.close());

  const root = () => ({ id: ids.root!, email: "root@example.test", isSuperuser: true });

  it("refuses to leave a workspace without an active owner, and says which one", async () => {
    await expect(setUserActive({ user: root(), userId: ids.solo!, active: false })).rejects.toThrow(/only active owner of Solo Co/);
  });

  it("allows it while another active owner remains, and then not for the last one", async () => {
    await setUserActive({ user: root(), userId: ids.first!, active: false });
    await expect(setUserActive({ user: root(), userId: ids.second!, active: false })).rejects.toThrow(/only active owner of Shared Co/);
    await setUserActive({ user: root(), userId: ids.first!, active: true });
    await setUserActive({ user: root(), userId: ids.second!, active: false });
  });
});
