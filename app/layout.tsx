import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { HydrationMarker } from "@/components/hydration-marker";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tenant Knowledge Console", template: "%s · Tenant Knowledge Console" },
  description: "Documents, semantic search, correction memory and quality dashboards for your workspaces.",
};

// The logo's indigo, as in app/manifest.ts; the icon comes from app/icon.svg.
export const viewport: Viewport = { themeColor: "#4f46e5" };

// Every page renders per request, so each carries its response's script nonce (see proxy.ts).
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="bg-slate-50 font-sans text-slate-900 antialiased">
        <Providers>{children}</Providers>
        <HydrationMarker />
      </body>
    </html>
  );
}
