import { z } from "zod";
import { definePublicAction, defineUserAction } from "@/lib/api/define-action";
import { acceptInvitation, acceptInvitationAsNewUser } from "@/lib/members/invitations-service";
import { changePassword, resetPasswordWithToken, signUp, updateProfile } from "./accounts-service";
import { emailSchema, fullNameSchema, newPasswordSchema } from "./password-policy";
import { requestPasswordReset } from "./password-reset-request";

const token = z.string().min(20).max(200);

export const signUpAction = definePublicAction({
  name: "accounts.sign_up",
  input: z.object({ email: emailSchema, fullName: fullNameSchema, password: newPasswordSchema }),
  run: ({ input }) => signUp(input),
});

export const updateProfileAction = defineUserAction({
  name: "accounts.update_profile",
  input: z.object({ fullName: fullNameSchema }),
  run: ({ user, input }) => updateProfile({ user, fullName: input.fullName }),
});

export const changePasswordAction = defineUserAction({
  name: "accounts.change_password",
  input: z.object({ currentPassword: z.string().min(1, "Enter your current password.").max(1024), newPassword: newPasswordSchema }),
  run: ({ user, input }) => changePassword({ user, ...input }),
});

export const acceptInvitationAction = defineUserAction({
  name: "invitations.accept",
  input: z.object({ token }),
  run: async ({ user, input }) => ({ slug: await acceptInvitation({ token: input.token, user }) }),
});

export const acceptInvitationAsNewUserAction = definePublicAction({
  name: "invitations.accept_new_user",
  input: z.object({ token, fullName: fullNameSchema, password: newPasswordSchema }),
  run: ({ input }) => acceptInvitationAsNewUser(input),
});

export const requestPasswordResetAction = definePublicAction({
  name: "accounts.request_password_reset",
  input: z.object({ email: emailSchema }),
  run: ({ input, ctx }) => requestPasswordReset({ email: input.email, ip: ctx.ip }),
});

export const resetPasswordAction = definePublicAction({
  name: "accounts.reset_password",
  input: z.object({ token, password: newPasswordSchema }),
  run: ({ input }) => resetPasswordWithToken({ token: input.token, newPassword: input.password }),
});
