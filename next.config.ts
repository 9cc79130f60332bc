import type { NextConfig } from "next";
import { SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Native and WASM packages must load from node_modules at run time, not from the bundle:
  // with only pglite listed, the pgvector extension bundle is not found.
  // pdf.js loads its worker module from its own folder at run time; so does piscina its thread entry,
  // and tesseract.js its worker script and WASM engine (the canvas pdf.js draws scans on is native).
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "@node-rs/argon2", "pdfjs-dist", "piscina", "tesseract.js", "@napi-rs/canvas"],
  poweredByHeader: false,
  typescript: {
    // `npm test` type-checks the whole project, the route types included (`next typegen`, then
    // `tsc --noEmit`), before its Playwright run builds: that build need not check the same types again.
    ignoreBuildErrors: process.env.TKC_BUILD_SKIP_TYPECHECK === "true",
  },
  experimental: {
    // A glossary CSV may be 1 MB of characters, which can be more bytes; Next's default is 1 MB.
    serverActions: { bodySizeLimit: "2mb" },
    // The proxy buffers the bodies it sees, cut at this size: the largest JSON body (a clean
    // request, 20 MB) must pass whole. Uploads bypass the proxy (see proxy.ts).
    proxyClientMaxBodySize: "21mb",
  },
  // Every response, including the uploads the proxy does not see; the proxy adds each page's policy.
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
