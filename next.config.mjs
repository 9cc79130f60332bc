/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages must load from node_modules at run time, not from the bundle:
  // with only pglite listed, the pgvector extension bundle is not found.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "@node-rs/argon2"],
  poweredByHeader: false,
};

export default nextConfig;
