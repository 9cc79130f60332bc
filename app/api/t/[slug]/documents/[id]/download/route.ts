import { defineRoute } from "@/lib/api/define-route";
import { downloadDocumentRoute } from "@/lib/documents/routes";

export const GET = defineRoute(downloadDocumentRoute);
