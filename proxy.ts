import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, SECURITY_HEADERS } from "@/lib/security/headers";

/**
 * Security headers on every response, with a fresh script nonce per request. Not an access check:
 * every page, action and route checks its caller itself.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  // Next.js reads the policy from the request to put the nonce on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static assets are immutable files of our own build: they need no per-request nonce.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
