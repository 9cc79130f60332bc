import { defineRoute } from "@/lib/api/define-route";
import { searchRoute } from "@/lib/search/routes";

export const POST = defineRoute(searchRoute);
