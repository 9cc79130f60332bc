import os from "node:os";
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

/**
 * The embedded database's page cache unless set: a sixteenth of the machine's memory, between
 * PostgreSQL's default (128MB) and 1GB. With 128MB the search bench's graphs and chunks (100,000)
 * did not fit and each query read its pages through the file system: semantic p95 35 ms, 17.5 at 1GB.
 * PGlite allocates and touches the whole cache when it starts (1GB: about 1.2 GB more RSS).
 */
export function defaultSharedBuffers(totalBytes = os.totalmem()): string {
  const megabytes = Math.floor(totalBytes / 16 / 2 ** 20);
  return `${Math.min(1024, Math.max(128, megabytes))}MB`;
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  DATA_DIR: z.string().default("./data"),
  /**
   * Where `npm start` runs the embedded database (no DATABASE_URL): in a process of its own, so its
   * work never holds up the server's event loop, or inside the server ("in-server").
   */
  EMBEDDED_DATABASE: z.enum(["process", "in-server"]).default("process"),
  /**
   * The embedded database's page cache (defaultSharedBuffers). Every page read past it is a file read
   * inside WASM.
   */
  PGLITE_SHARED_BUFFERS: z
    .string()
    .trim()
    .regex(/^\d+(kB|MB|GB)$/, "Give a size such as 512MB or 1GB.")
    .default(defaultSharedBuffers()),
  /** Set by `npm start` for the server: the Unix socket of the embedded database's process. */
  EMBEDDED_DATABASE_SOCKET: optionalString,
  STORAGE_DIR: optionalString,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  /** The console's address as people reach it: the base of every link in emails and shown to copy. */
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
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
  /** Documents in flight at once: four keep the pool, the text analysis thread and the engine busy together (`npm run bench -- ingest`). */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
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
  /** Single sign-on through an OpenID Connect provider: its issuer URL (discovery at /.well-known/openid-configuration). */
  OIDC_ISSUER: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** The provider's name on the login page's button: "Sign in with <name>". */
  OIDC_NAME: z.string().trim().min(1).max(40).default("single sign-on"),
}).superRefine((env, ctx) => {
  // Half a configuration would show a button that cannot work: all three, or none.
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three, or none" });
  }
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

/**
 * An absolute link into the console for a message that leaves it (invitation and reset emails, the
 * API's documented base): PUBLIC_URL when set, else NEXTAUTH_URL, else http://localhost:PORT.
 */
export function appUrl(pathname: string, env: Env = readEnv()): string {
  const base = env.PUBLIC_URL ?? env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  return new URL(pathname, base).toString();
}

/**
 * An absolute link shown in the browser that asked for it (an invitation link to copy): PUBLIC_URL
 * when set, else the origin that browser reached (lib/security/request-origin.ts), else as appUrl.
 */
export function browserUrl(pathname: string, requestOrigin: string | undefined, env: Env = readEnv()): string {
  return env.PUBLIC_URL || !requestOrigin ? appUrl(pathname, env) : new URL(pathname, requestOrigin).toString();
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

/** The single sign-on provider, or null when none is configured (no button, no SSO-only workspaces). */
export function oidcSettings(env: Env = readEnv()): OidcSettings | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return null;
  return { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, name: env.OIDC_NAME };
}
