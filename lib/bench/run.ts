import { benchBounds } from "./bounds";
import { benchClean } from "./clean";
import { benchCrash } from "./crash";
import { benchDashboard } from "./dashboard";
import { benchIngest } from "./ingest";
import { benchLoad, type LoadOptions } from "./load";
import { killBenchProcesses } from "./load-server";
import { benchPages, type Preset } from "./pages";
import { benchQuality } from "./quality";
import { benchSearch } from "./search";
import { benchSearchVariants } from "./search-variants";

// `npm run bench -- <name> [options]`: benchmarks that measure this machine; never part of npm test.
const BENCHES: Record<string, (args: string[]) => Promise<unknown>> = {
  ingest: (args) => benchIngest({ megabytes: Number(args[0] ?? 20) }),
  quality: (args) => benchQuality({ dataset: args[0] }),
  search: (args) => benchSearch({ total: Number(args[0] ?? 100_000), queries: Number(args[1] ?? 200), wire: args[2] === "wire" }),
  "search-variants": (args) => benchSearchVariants({ total: Number(args[0] ?? 100_000), queries: Number(args[1] ?? 200), skip: args[2] }),
  clean: (args) => benchClean({ runs: Number(args[0] ?? 15) }),
  dashboard: (args) => benchDashboard({ runs: Number(args[0] ?? 1_000_000), reps: Number(args[1] ?? 5) }),
  load: (args) =>
    benchLoad({
      seconds: Number(args[0] ?? 60),
      searchClients: Number(args[1] ?? 50),
      uploadClients: Number(args[2] ?? 10),
      mode: (args[3] ?? "all") as LoadOptions["mode"],
      scenario: (args[4] ?? "both") as LoadOptions["scenario"],
    }),
  crash: (args) => benchCrash({ documents: Number(args[0] ?? 50), kills: Number(args[1] ?? 20) }),
  bounds: (args) => benchBounds({ exportDocuments: Number(args[0] ?? 100_000), only: args[1] }),
  pages: (args) => benchPages({ runs: Number(args[0] ?? 3), preset: (args[1] ?? "both") as Preset | "both", only: args[2] ?? "all" }),
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    console.error(`Usage: npm run bench -- <${Object.keys(BENCHES).join("|")}> [options]`);
    process.exit(2);
  }
  await bench(args);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killBenchProcesses();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
