/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages must load from node_modules at run time, not from the bundle:
  // with only pglite listed, the pgvector extension bundle is not found.
  // pdf.js loads its worker module from its own folder at run time; so does piscina its thread entry.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "@node-rs/argon2", "pdfjs-dist", "piscina"],
  poweredByHeader: false,
  // A glossary CSV may be 1 MB of characters, which can be more bytes; Next's default is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "2mb" } },
};

export default nextConfig;
