import { buildOpenApiDocument } from "@/lib/api/openapi";
import { appUrl } from "@/lib/env";

// Public on purpose: the reference describes the API, and says nothing about any workspace.
export function GET() {
  return Response.json(buildOpenApiDocument(appUrl("/api/v1")), { headers: { "Cache-Control": "public, max-age=300" } });
}
