import { afterEach, describe, expect, it, vi } from "vitest";
import { register } from "@/instrumentation";
import { readinessSources } from "@/lib/health/readiness-sources";
import { startInProcessWorker } from "@/lib/ingest/worker-host";

// instrumentation.ts sits at the top level, where Next.js looks for it; its test lives here.
vi.mock("@/lib/ingest/worker-host", () => ({ startInProcessWorker: vi.fn(async () => {}) }));

describe("register() (instrumentation.ts)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.mocked(startInProcessWorker).mockReset();
  });

  it("starts the in-process worker in the Node.js runtime when TKC_IN_PROCESS_WORKER is true", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("TKC_IN_PROCESS_WORKER", "true");
    await register();
    expect(startInProcessWorker).toHaveBeenCalledTimes(1);
    // Readiness reports the worker-thread pool's queue.
    const pool = readinessSources().find((s) => s.name === "pool");
    expect(await pool!.read()).toEqual({ threads: 0, queued: 0, inFlight: 0 });
  });

  it.each([
    ["nodejs", "false"],
    ["nodejs", undefined],
    ["edge", "true"],
  ])("starts nothing in the %s runtime with TKC_IN_PROCESS_WORKER=%s", async (runtime, flag) => {
    vi.stubEnv("NEXT_RUNTIME", runtime);
    vi.stubEnv("TKC_IN_PROCESS_WORKER", flag);
    await register();
    expect(startInProcessWorker).not.toHaveBeenCalled();
  });

  it("does not wait for the worker, and logs a start that fails instead of failing the server's start", async () => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    vi.stubEnv("TKC_IN_PROCESS_WORKER", "true");
    const failure = new Error("no database");
    let fail!: (error: Error) => void;
    vi.mocked(startInProcessWorker).mockReturnValue(new Promise((_, reject) => (fail = reject)));
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    // Resolves while the start is still pending.
    await register();
    fail(failure);
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith("the document worker did not start", { error: failure }));
    log.mockRestore();
  });
});
