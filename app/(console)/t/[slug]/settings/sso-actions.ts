"use server";

import { serverAction } from "@/lib/api/server-action";
import { addSsoRuleAction, removeSsoRuleAction, setSsoRequiredAction } from "@/lib/sso/actions";

export const addSsoRule = serverAction(addSsoRuleAction);
export const removeSsoRule = serverAction(removeSsoRuleAction);
export const setSsoRequired = serverAction(setSsoRequiredAction);
