import { readEnv } from "@/lib/env";
import { header, type HeaderSource } from "./client-address";

/** A host as a Host header may name one: a DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The entry of a forwarded header that the outermost trusted proxy wrote: like X-Forwarded-For, each
 * proxy that appends adds its entry on the right, so with `hops` trusted proxies it is `hops` places
 * from the end (the first entry when there are fewer).
 */
function forwarded(headers: HeaderSource, name: string, hops: number): string | undefined {
  const entries = (header(headers, name) ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  return entries.length ? entries[Math.max(0, entries.length - hops)] : undefined;
}

/**
 * The origin the browser reached this server at, for links shown back to it. With no trusted proxy
 * (TRUSTED_PROXY_HOPS=0) the browser connected itself: its Host header over plain HTTP, and
 * X-Forwarded-Host / -Proto are ignored (anyone can send them). Behind trusted proxies, what the
 * outermost one forwarded (X-Forwarded-Host, else Host; X-Forwarded-Proto, else http). Undefined when
 * the host is missing or malformed, so the caller falls back to the configured URL.
 */
export function requestOrigin(headers: HeaderSource, hops: number = readEnv().TRUSTED_PROXY_HOPS): string | undefined {
  const host = (hops > 0 ? (forwarded(headers, "x-forwarded-host", hops) ?? header(headers, "host")) : header(headers, "host"))?.trim();
  const proto = hops > 0 ? (forwarded(headers, "x-forwarded-proto", hops)?.toLowerCase() ?? "http") : "http";
  if (!host || !HOST.test(host) || (proto !== "http" && proto !== "https")) return undefined;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return undefined;
  }
}
