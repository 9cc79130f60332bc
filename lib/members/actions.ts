import { z } from "zod";
import { roleEnum } from "@/db/schema";
import { emailSchema } from "@/lib/accounts/password-policy";
import { defineTenantAction } from "@/lib/api/define-action";
import { changeMemberRole, leaveTenant, removeMember } from "./members-service";
import { inviteMember, resendInvitation, revokeInvitation } from "./invitations-service";

const role = z.enum(roleEnum.enumValues, "Choose owner, admin, member or viewer.");

export const inviteMemberAction = defineTenantAction({
  name: "members.invite",
  scope: "members:invite",
  input: z.object({ email: emailSchema, role }),
  run: ({ actor, input, ctx }) => inviteMember({ actor, email: input.email, role: input.role, requestOrigin: ctx.origin }),
});

export const revokeInvitationAction = defineTenantAction({
  name: "members.revoke_invitation",
  scope: "members:invite",
  input: z.object({ invitationId: z.uuid() }),
  run: ({ actor, input }) => revokeInvitation({ actor, invitationId: input.invitationId }),
});

export const resendInvitationAction = defineTenantAction({
  name: "members.resend_invitation",
  scope: "members:invite",
  input: z.object({ invitationId: z.uuid() }),
  run: ({ actor, input, ctx }) => resendInvitation({ actor, invitationId: input.invitationId, requestOrigin: ctx.origin }),
});

export const changeMemberRoleAction = defineTenantAction({
  name: "members.change_role",
  scope: "members:manage",
  input: z.object({ userId: z.uuid(), role }),
  run: ({ actor, input }) => changeMemberRole({ actor, userId: input.userId, role: input.role }),
});

export const removeMemberAction = defineTenantAction({
  name: "members.remove",
  scope: "members:manage",
  input: z.object({ userId: z.uuid() }),
  run: ({ actor, input }) => removeMember({ actor, userId: input.userId }),
});

export const leaveTenantAction = defineTenantAction({
  name: "members.leave",
  scope: "members:read",
  input: z.object({}),
  run: ({ actor }) => leaveTenant({ actor }),
});
