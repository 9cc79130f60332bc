"use server";

import { changePasswordAction, updateProfileAction } from "@/lib/accounts/actions";
import { serverAction } from "@/lib/api/server-action";

export const updateProfile = serverAction(updateProfileAction);
export const changePassword = serverAction(changePasswordAction);
