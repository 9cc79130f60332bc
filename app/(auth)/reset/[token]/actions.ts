"use server";

import { resetPasswordAction } from "@/lib/accounts/actions";
import { serverAction } from "@/lib/api/server-action";

export const resetPassword = serverAction(resetPasswordAction);
