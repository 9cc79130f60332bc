import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/lib/testing/test-database";
import { authOptions } from "./options";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";
import { signInWithPassword } from "./sign-in";

// Spy on the real verification: which hash each attempt is checked against is the timing story.
vi.mock("./password", async (importOriginal) => {
  const real = await importOriginal<typeof import("./password")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const PASSWORD = "correct horse battery";

describe("sign-in does not reveal which emails have accounts", () => {
  let handle: DatabaseHandle;
  let realHash: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    realHash = await hashPassword(PASSWORD);
    await handle.db.insert(users).values([
      { email: "known@enum.test", fullName: "Known", passwordHash: realHash },
      { email: "gone@enum.test", fullName: "Gone", passwordHash: realHash, isActive: false },
      { email: "nopassword@enum.test", fullName: "No password" },
    ]);
  });
  afterAll(() => handle?.close());
  beforeEach(() => vi.mocked(verifyPassword).mockClear());

  it.each([
    ["an unknown email", "dummy", "nobody@enum.test"],
    ["an account without a password", "dummy", "nopassword@enum.test"],
    ["a wrong password", "real", "known@enum.test"],
    ["a deactivated account", "real", "gone@enum.test"],
  ])("%s costs one full argon2 verification, against the %s hash", async (_case, which, email) => {
    expect(await signInWithPassword({ email, password: "not the password" })).toBeNull();
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    const [hash] = vi.mocked(verifyPassword).mock.calls[0]!;
    expect(hash).toBe(which === "dummy" ? await dummyPasswordHash() : realHash);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("next-auth gets the same answer for an unknown email as for a wrong password, so the form shows one message", async () => {
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (credentials: unknown, req: unknown) => Promise<unknown> } };
    const answer = (email: string) => provider.options.authorize({ email, password: "not the password" }, { headers: {} });
    expect(await answer("nobody@enum.test")).toBeNull();
    expect(await answer("known@enum.test")).toBeNull();
    expect(await answer("gone@enum.test")).toBeNull();
  });
});
