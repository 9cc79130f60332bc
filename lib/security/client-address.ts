import { isIP } from "node:net";
import { readEnv } from "@/lib/env";

/**
 * The address of the peer that connected to this server, put on every request by
 * lib/runtime/peer-address-hook.mjs, which overwrites whatever a client sent under this name.
 */
export const PEER_ADDRESS_HEADER = "x-tkc-peer-address";

/** A Fetch `Headers` (route handlers, next/headers) or a plain record (next-auth's request). */
export type HeaderSource = Pick<Headers, "get"> | Record<string, string | string[] | undefined>;

/** One header's value from either kind of source; a repeated one in a record is joined as Headers would. */
export function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === "function") return (headers as Pick<Headers, "get">).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** An IP address in one canonical form (IPv4-mapped IPv6 as IPv4), or undefined for anything else. */
export function normaliseAddress(value: string | undefined): string | undefined {
  const address = value?.trim();
  if (!address || !isIP(address)) return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address.toLowerCase();
}

/**
 * The client's address. The chain is X-Forwarded-For followed by the connecting peer; each trusted
 * proxy appends the address it saw, so with `hops` trusted proxies the client is the entry `hops`
 * places left of the peer. Entries further left are whatever the client claimed and are never used.
 * Without the peer header (a server started without the hook, e.g. `next dev`) the chain is
 * X-Forwarded-For alone, which Next.js fills with the peer only when the client sent none.
 */
export function clientAddress(headers: HeaderSource, hops: number = readEnv().TRUSTED_PROXY_HOPS): string | undefined {
  const forwarded = (header(headers, "x-forwarded-for") ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const peer = header(headers, PEER_ADDRESS_HEADER);
  const chain = peer ? [...forwarded, peer] : forwarded;
  // Fewer entries than trusted hops: the farthest one there is, as a misconfigured count would give.
  return normaliseAddress(chain[Math.max(0, chain.length - 1 - hops)]);
}

/**
 * What throttles count per address: an IPv4 address, or an IPv6 address's /64 network, since one
 * subscriber usually holds a whole /64 and could otherwise take a fresh address for every attempt.
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail] = address.replace(/%.*$/, "").split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = groups(tail);
  const full = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}
