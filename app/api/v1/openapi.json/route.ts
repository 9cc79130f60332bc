import { buildOpenApiDocument } from "@/lib/api/openapi";
import { browserUrl } from "@/lib/env";
import { requestOrigin } from "@/lib/security/request-origin";

// Public on purpose: the reference describes the API, and says nothing about any workspace. Its
// server URL is the host the caller reached (or PUBLIC_URL), so it is cached per host.
export function GET(request: Request) {
  return Response.json(buildOpenApiDocument(browserUrl("/api/v1", requestOrigin(request.headers))), { headers: { "Cache-Control": "public, max-age=300", Vary: "Host" } });
}
