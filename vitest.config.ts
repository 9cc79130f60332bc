import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "components/**/*.test.ts?(x)"],
    globalSetup: ["lib/testing/global-setup.ts"],
    // Hangs fail, a busy machine does not: the ingestion and cleaning tests took over 30 s each
    // while a second build loaded CI's two cores (#20 item 7).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the CPUs, which on a 2-core machine (CI's) is a single
    // worker running the 122 files one after another while the other core idles. Each file still runs
    // in a fork of its own (isolated, its own cloned database), so two at once share nothing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
