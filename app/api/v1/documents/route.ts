import { definePublicRoute } from "@/lib/api/define-public-route";
import { listDocumentsRoute, uploadDocumentRoute } from "@/lib/documents/routes";

// The public API: the same routes as the console, behind the API wrapper (keys, rate limit, request id).
export const GET = definePublicRoute(listDocumentsRoute);
export const POST = definePublicRoute(uploadDocumentRoute);
