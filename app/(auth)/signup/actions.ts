"use server";

import { signUpAction } from "@/lib/accounts/actions";
import { serverAction } from "@/lib/api/server-action";

export const signUp = serverAction(signUpAction);
