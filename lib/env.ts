import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  DATA_DIR: z.string().default("./data"),
  STORAGE_DIR: optionalString,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  /** A session unused for this long is signed out. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  /** A session ends this long after sign-in, however active it is. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(8_760).default(12),
  ALLOW_SIGNUP: z.enum(["open", "invite"]).default("invite"),
  ALLOW_TENANT_CREATE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  SMTP_URL: optionalString,
  SMTP_FROM: z.string().default("Knowledge Console <no-reply@localhost>"),
  EMBEDDING_API_URL: optionalString,
  EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  EMBEDDING_API_KEY: optionalString,
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(64),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(10_240).default(50),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Threads for CPU work (parsing, embedding offline, cleaning); 0: one per core. */
  POOL_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  /** Heap limit of each pool thread: an input that needs more fails alone. */
  POOL_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(1024),
  /** How long reading one uploaded file (parse, chunk, offline embedding) may take before it fails. */
  PARSE_BUDGET_SECONDS: z.coerce.number().positive().max(86_400).default(300),
  /** How long one clean request may work before it is stopped with a 413. */
  CLEAN_BUDGET_SECONDS: z.coerce.number().positive().max(3_600).default(30),
  /** Requests per minute per API key (or signed-in user) on /api/v1; 0 turns the limit off. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /**
   * Reverse proxies in front of the console whose X-Forwarded-For entries are believed: the client
   * address is the entry this many places left of the connecting peer. 0: the peer itself.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  SEED_DEMO_DATA: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export type Env = z.infer<typeof envSchema> & { pgliteDir: string; storageDir: string };

/** Parses the environment once per call site; throws a readable list of what is wrong. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}\nSee .env.example for every setting.`);
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.DATA_DIR);
  return {
    ...parsed.data,
    DATA_DIR: dataDir,
    pgliteDir: path.join(dataDir, "pglite"),
    storageDir: path.resolve(/*turbopackIgnore: true*/ parsed.data.STORAGE_DIR ?? path.join(dataDir, "files")),
  };
}

/** An absolute link into the console, for invitation and reset emails and copyable links. */
export function appUrl(pathname: string, env: Env = readEnv()): string {
  const base = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  return new URL(pathname, base).toString();
}
