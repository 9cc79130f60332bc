// A second server process for lib/rate-limits/shared-limits.test.ts: it connects to DATABASE_URL
// the way a console instance does, says "ready", then runs each command it reads on stdin and
// prints what every call got as one JSON line:
//   api <n>                   n requests of one API key against the /api/v1 rate limit
//   sign-in <n> <email> <ip>  n wrong passwords for one account from one address
// Run with tsx --conditions=react-server, like `npm start`, since it reaches server-only modules.
import { createInterface } from "node:readline";
import { setDatabase } from "@/db/client";
import { openPostgres } from "@/db/connect";
import { consumeRateLimit, RateLimitedError } from "@/lib/api/rate-limit";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { SignInThrottledError } from "@/lib/auth/sign-in-throttle";

async function outcomes(n: number, work: (i: number) => Promise<unknown>, refused: new (...args: never[]) => Error): Promise<string[]> {
  const got: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      await work(i);
      got.push("allowed");
    } catch (error) {
      if (!(error instanceof refused)) throw error;
      got.push("refused");
    }
  }
  return got;
}

async function main(): Promise<void> {
  const handle = openPostgres(process.env.DATABASE_URL!, 1);
  setDatabase(handle);
  try {
    console.log("ready");
    for await (const line of createInterface({ input: process.stdin })) {
      const [command, n, email, ip] = line.split(" ");
      if (command === "api") console.log(JSON.stringify(await outcomes(Number(n), () => consumeRateLimit("key:shared"), RateLimitedError)));
      else if (command === "sign-in") console.log(JSON.stringify(await outcomes(Number(n), (i) => signInWithPassword({ email, password: `wrong ${i}` }, { ip }), SignInThrottledError)));
      else throw new Error(`unknown command: ${line}`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
