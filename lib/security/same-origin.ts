import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request that a browser sent from another site with the user's cookie
 * (cross-site request forgery): `SameSite=Lax` stops most, not all (a `text/plain` POST or a form
 * posted from a sibling subdomain still carries it). A browser names the page's origin in `Origin`
 * and, since 2020, says `Sec-Fetch-Site`; either naming another site is refused. A request with
 * neither comes from a non-browser client, which a forged page cannot make. API keys are exempt:
 * a browser never adds one by itself.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") refuse();
  const origin = request.headers.get("origin");
  if (origin === null) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return refuse();
  }
  const served = [request.headers.get("x-forwarded-host"), request.headers.get("host"), new URL(request.url).host];
  if (!served.some((h) => h !== null && h.split(",")[0]!.trim().toLowerCase() === host.toLowerCase())) refuse();
}

function refuse(): never {
  throw new AppError("forbidden:origin", "This request came from another site. Use the console itself, or an API key for scripts.");
}
