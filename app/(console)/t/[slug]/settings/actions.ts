"use server";

import { serverAction } from "@/lib/api/server-action";
import { requestReembedAction, updateChunkingAction, updateOcrAction } from "@/lib/documents/actions";
import { updateTextLanguageAction } from "@/lib/search/actions";
import { deleteTenantAction, renameTenantAction } from "@/lib/tenancy/actions";

export const renameTenant = serverAction(renameTenantAction);
export const deleteTenant = serverAction(deleteTenantAction);
export const updateChunking = serverAction(updateChunkingAction);
export const requestReembed = serverAction(requestReembedAction);
export const updateOcr = serverAction(updateOcrAction);
export const updateTextLanguage = serverAction(updateTextLanguageAction);
