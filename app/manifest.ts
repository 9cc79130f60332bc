import type { MetadataRoute } from "next";

/** Served at /manifest.webmanifest; Next.js links it from every page. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Tenant Knowledge Console",
    short_name: "Knowledge",
    description: "Documents, semantic search, correction memory and quality dashboards for your workspaces.",
    start_url: "/",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#4f46e5",
    // app/icon.svg, the header's "K".
    icons: [{ src: "/icon.svg", sizes: "any", type: "image/svg+xml" }],
  };
}
