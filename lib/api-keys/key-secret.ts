import { createHash, randomBytes } from "node:crypto";

/** Every key starts so; secret scanners and people can tell what leaked. */
export const KEY_PREFIX = "tkc_";
/** Characters of a key shown in lists: enough to tell keys apart, far too few to use. */
const SHOWN = KEY_PREFIX.length + 8;
const KEY_PATTERN = /^tkc_[A-Za-z0-9_-]{43}$/;

export interface NewSecret {
  secret: string;
  prefix: string;
  hash: string;
}

/**
 * A key of 256 random bits. Only its SHA-256 is stored: the secret has full entropy, so a slow
 * password hash would add nothing but latency to every API call.
 */
export function newSecret(): NewSecret {
  const secret = KEY_PREFIX + randomBytes(32).toString("base64url");
  return { secret, prefix: secret.slice(0, SHOWN), hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export const looksLikeKey = (value: string) => KEY_PATTERN.test(value);
