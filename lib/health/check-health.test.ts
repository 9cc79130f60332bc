import { afterAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { createTestDatabase, createWireTestDatabase } from "@/lib/testing/test-database";
import { checkHealth } from "./check-health";

describe("checkHealth", () => {
  const opened: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const handle of opened) await handle.close().catch(() => {});
  });

  it("reports driver, versions, migration state and round trip on the embedded database", async () => {
    opened.push(await createTestDatabase());
    const report = await checkHealth();
    expect(report.status).toBe("ok");
    expect(report.driver).toBe("pglite");
    expect(report.postgres).toMatch(/^\d+\.\d+/);
    expect(report.pgvector).toMatch(/^0\.8\./);
    expect(report.migrations?.upToDate).toBe(true);
    expect(report.migrations?.applied).toBe(report.migrations?.expected);
    expect(report.migrations?.applied).toBeGreaterThanOrEqual(5);
    expect(report.roundTripMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the wire driver, and 'unavailable' with a reason once the server is gone", async () => {
    const handle = await createWireTestDatabase();
    opened.push(handle);
    expect((await checkHealth()).driver).toBe("postgres");
    await handle.close();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const report = await checkHealth();
    expect(log).toHaveBeenCalledWith("health check failed", expect.anything());
    log.mockRestore();
    expect(report.status).toBe("unavailable");
    expect(report.reason).toMatch(/database/);
  });
});
