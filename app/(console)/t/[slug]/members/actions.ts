"use server";

import { serverAction } from "@/lib/api/server-action";
import {
  changeMemberRoleAction,
  inviteMemberAction,
  leaveTenantAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/members/actions";

export const inviteMember = serverAction(inviteMemberAction);
export const revokeInvitation = serverAction(revokeInvitationAction);
export const resendInvitation = serverAction(resendInvitationAction);
export const changeMemberRole = serverAction(changeMemberRoleAction);
export const removeMember = serverAction(removeMemberAction);
export const leaveTenant = serverAction(leaveTenantAction);
