import { definePublicRoute } from "@/lib/api/define-public-route";
import { searchRoute } from "@/lib/search/routes";

export const POST = definePublicRoute(searchRoute);
