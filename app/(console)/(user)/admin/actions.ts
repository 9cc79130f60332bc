"use server";

import { issuePasswordResetAction, setSuperuserAction, setUserActiveAction } from "@/lib/admin/actions";
import { serverAction } from "@/lib/api/server-action";

export const setUserActive = serverAction(setUserActiveAction);
export const setSuperuser = serverAction(setSuperuserAction);
export const issuePasswordReset = serverAction(issuePasswordResetAction);
