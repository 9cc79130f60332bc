import { defineRoute } from "@/lib/api/define-route";
import { processingStatusRoute } from "@/lib/documents/routes";

export const GET = defineRoute(processingStatusRoute);
