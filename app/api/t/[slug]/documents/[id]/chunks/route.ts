import { defineRoute } from "@/lib/api/define-route";
import { listChunksRoute } from "@/lib/documents/routes";

export const GET = defineRoute(listChunksRoute);
