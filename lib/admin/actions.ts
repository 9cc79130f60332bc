import { z } from "zod";
import { defineUserAction } from "@/lib/api/define-action";
import { issuePasswordReset, setSuperuser, setUserActive } from "./admin-service";

export const setUserActiveAction = defineUserAction({
  name: "admin.set_user_active",
  superuser: true,
  input: z.object({ userId: z.uuid(), active: z.boolean() }),
  run: ({ user, input }) => setUserActive({ user, ...input }),
});

export const setSuperuserAction = defineUserAction({
  name: "admin.set_superuser",
  superuser: true,
  input: z.object({ userId: z.uuid(), value: z.boolean() }),
  run: ({ user, input }) => setSuperuser({ user, ...input }),
});

export const issuePasswordResetAction = defineUserAction({
  name: "admin.issue_password_reset",
  superuser: true,
  input: z.object({ userId: z.uuid() }),
  run: ({ user, input, ctx }) => issuePasswordReset({ user, userId: input.userId, requestOrigin: ctx.origin }),
});
