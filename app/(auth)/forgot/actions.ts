"use server";

import { requestPasswordResetAction } from "@/lib/accounts/actions";
import { serverAction } from "@/lib/api/server-action";

export const requestPasswordReset = serverAction(requestPasswordResetAction);
