import { defineRoute } from "@/lib/api/define-route";
import { listDocumentsRoute, uploadDocumentRoute } from "@/lib/documents/routes";

// The public API: the same routes, with the workspace named by the X-Tenant header.
export const GET = defineRoute(listDocumentsRoute);
export const POST = defineRoute(uploadDocumentRoute);
