import { describe, expect, it, vi } from "vitest";
import packageJson from "@/package.json";

// Liveness must not even load the database: were the route to import it, this import would throw.
vi.mock("@/db/client", () => {
  throw new Error("the liveness route imported the database");
});
// The route asks for a request scope (connection()); a direct call has none.
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => {} }));

describe("GET /api/health (liveness)", () => {
  it("answers 200 with the version and the process's uptime, uncached, without the database", async () => {
    const { GET } = await import("@/app/api/health/route");
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: "ok", uptimeSeconds: expect.any(Number), version: packageJson.version });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});
