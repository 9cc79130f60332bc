import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { createWireTestDatabase } from "@/lib/testing/test-database";
import { PgvectorMissingError } from "./connect";

describe("connecting to a PostgreSQL server", () => {
  it("refuses to migrate a server without pgvector, saying how to enable it", async () => {
    // A PGlite started without the extension stands in for a server that lacks pgvector.
    const handle = await createWireTestDatabase({ pglite: await PGlite.create() });
    try {
      const error = await handle.migrate().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PgvectorMissingError);
      expect((error as Error).message).toMatch(/CREATE EXTENSION vector/);
      expect((error as Error).message).toMatch(/unset DATABASE_URL/);
    } finally {
      await handle.close();
    }
  });
});
