import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";

/**
 * The Content-Security-Policy, with a fresh script nonce per request (the other security headers
 * come from next.config.ts). Not an access check: every page, action and route checks its caller
 * itself.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  // Next.js reads the policy from the request to put the nonce on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Static assets and metadata files are not pages: they need no per-request nonce.
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|manifest.webmanifest|robots.txt).*)",
      // Next.js buffers every body the proxy sees and cuts it at proxyClientMaxBodySize: an upload
      // (multipart, up to MAX_UPLOAD_MB) must stream to disk whole instead.
      missing: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }],
    },
  ],
};
