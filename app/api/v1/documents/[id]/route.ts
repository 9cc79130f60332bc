import { defineRoute } from "@/lib/api/define-route";
import { deleteDocumentRoute, getDocumentRoute } from "@/lib/documents/routes";

export const GET = defineRoute(getDocumentRoute);
export const DELETE = defineRoute(deleteDocumentRoute);
