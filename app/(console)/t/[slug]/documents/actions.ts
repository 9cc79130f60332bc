"use server";

import { serverAction } from "@/lib/api/server-action";
import { deleteDocumentAction, reprocessDocumentAction } from "@/lib/documents/actions";

export const deleteDocument = serverAction(deleteDocumentAction);
export const reprocessDocument = serverAction(reprocessDocumentAction);
