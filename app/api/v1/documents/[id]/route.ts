import { definePublicRoute } from "@/lib/api/define-public-route";
import { deleteDocumentRoute, getDocumentRoute } from "@/lib/documents/routes";

export const GET = definePublicRoute(getDocumentRoute);
export const DELETE = definePublicRoute(deleteDocumentRoute);
