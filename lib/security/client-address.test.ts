import { request as httpRequest, createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { addressBucket, clientAddress, normaliseAddress, PEER_ADDRESS_HEADER } from "./client-address";

const headers = (forwarded: string | undefined, peer: string | undefined) =>
  new Headers(Object.entries({ "x-forwarded-for": forwarded, [PEER_ADDRESS_HEADER]: peer }).filter((e): e is [string, string] => e[1] !== undefined));

describe("the client address", () => {
  it("is the connecting peer by default, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(headers("6.6.6.6", "198.51.100.7"), 0)).toBe("198.51.100.7");
    expect(clientAddress(headers("6.6.6.6, 7.7.7.7", "198.51.100.7"), 0)).toBe("198.51.100.7");
  });

  it("behind trusted proxies is what the farthest trusted proxy saw, never an entry the client wrote", () => {
    // The client claims 6.6.6.6; the proxy (10.0.0.2, the peer) appends the address it saw.
    expect(clientAddress(headers("6.6.6.6, 203.0.113.5", "10.0.0.2"), 1)).toBe("203.0.113.5");
    // Two proxies: the outer one saw 203.0.113.5, the inner one saw the outer one.
    expect(clientAddress(headers("6.6.6.6, 203.0.113.5, 10.0.0.3", "10.0.0.2"), 2)).toBe("203.0.113.5");
    // Fewer entries than trusted hops (a request that bypassed a proxy): the farthest one there is.
    expect(clientAddress(headers("203.0.113.5", "10.0.0.2"), 3)).toBe("203.0.113.5");
    // Garbage where the trusted proxy's entry should be is no address at all, not a guess.
    expect(clientAddress(headers("6.6.6.6, not-an-ip", "10.0.0.2"), 1)).toBeUndefined();
  });

  it("reads next-auth's plain header records, and X-Forwarded-For alone when no hook set the peer", () => {
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6", [PEER_ADDRESS_HEADER]: "::ffff:192.0.2.1" }, 0)).toBe("192.0.2.1");
    expect(clientAddress({ "x-forwarded-for": ["203.0.113.9", "10.0.0.1"] }, 0)).toBe("10.0.0.1");
    expect(clientAddress({}, 0)).toBeUndefined();
  });

  it("takes its trusted hops from TRUSTED_PROXY_HOPS", () => {
    const saved = process.env.TRUSTED_PROXY_HOPS;
    try {
      process.env.TRUSTED_PROXY_HOPS = "1";
      expect(clientAddress(headers("6.6.6.6, 203.0.113.5", "10.0.0.2"))).toBe("203.0.113.5");
      delete process.env.TRUSTED_PROXY_HOPS;
      expect(clientAddress(headers("6.6.6.6, 203.0.113.5", "10.0.0.2"))).toBe("10.0.0.2");
    } finally {
      if (saved === undefined) delete process.env.TRUSTED_PROXY_HOPS;
      else process.env.TRUSTED_PROXY_HOPS = saved;
    }
  });

  it("is one canonical form of an IP address, or nothing", () => {
    expect(normaliseAddress(" 2001:DB8::1 ")).toBe("2001:db8::1");
    expect(normaliseAddress("::ffff:10.1.2.3")).toBe("10.1.2.3");
    for (const bad of ["", "localhost", "1.2.3.4:80", "[::1]", "1.2.3.4\u0000", "' or 1=1"]) expect(normaliseAddress(bad)).toBeUndefined();
  });

  it("is throttled per IPv4 address and per IPv6 /64", () => {
    expect(addressBucket("192.0.2.1")).toBe("192.0.2.1");
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("comes from the socket through the hook `npm start` preloads, which a client cannot forge", async () => {
    await import(/* @vite-ignore */ pathToFileURL(path.resolve("lib/runtime/peer-address-hook.mjs")).href);
    const server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const received = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
        const req = httpRequest({ host: "127.0.0.1", port: (server.address() as AddressInfo).port, headers: { "x-forwarded-for": "6.6.6.6", [PEER_ADDRESS_HEADER]: "6.6.6.6" } }, (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk)).on("end", () => resolve(JSON.parse(body)));
        });
        req.on("error", reject).end();
      });
      expect(received[PEER_ADDRESS_HEADER]).toBe("127.0.0.1");
      expect(clientAddress(received as Record<string, string>, 0)).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
