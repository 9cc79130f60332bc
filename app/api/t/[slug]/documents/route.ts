import { defineRoute } from "@/lib/api/define-route";
import { listDocumentsRoute, uploadDocumentRoute } from "@/lib/documents/routes";

export const GET = defineRoute(listDocumentsRoute);
export const POST = defineRoute(uploadDocumentRoute);
