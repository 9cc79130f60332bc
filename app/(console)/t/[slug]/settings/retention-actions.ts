"use server";

import { serverAction } from "@/lib/api/server-action";
import { previewRetentionAction, updateRetentionAction } from "@/lib/retention/actions";

export const updateRetention = serverAction(updateRetentionAction);
export const previewRetention = serverAction(previewRetentionAction);
