"use server";

import { acceptInvitationAction, acceptInvitationAsNewUserAction } from "@/lib/accounts/actions";
import { serverAction } from "@/lib/api/server-action";

export const acceptInvitation = serverAction(acceptInvitationAction);
export const acceptInvitationAsNewUser = serverAction(acceptInvitationAsNewUserAction);
