"use server";

import { createApiKeyAction, revokeApiKeyAction } from "@/lib/api-keys/actions";
import { serverAction } from "@/lib/api/server-action";

export const createApiKey = serverAction(createApiKeyAction);
export const revokeApiKey = serverAction(revokeApiKeyAction);
