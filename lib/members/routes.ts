import { z } from "zod";
import type { TenantRouteDefinition } from "@/lib/api/define-route";
import { listMembers, type MemberRow } from "./members-service";
import { listPendingInvitations, type PendingInvitation } from "./invitations-service";

const membersQuery = z.object({ q: z.string().trim().max(200).optional() });

export const listMembersRoute: TenantRouteDefinition<typeof membersQuery, { members: MemberRow[] }> = {
  kind: "tenant",
  name: "members.list",
  scope: "members:read",
  input: membersQuery,
  run: async ({ actor, input }) => ({ members: await listMembers({ actor, query: input.q || undefined }) }),
};

const noInput = z.object({});

export const listInvitationsRoute: TenantRouteDefinition<typeof noInput, { invitations: PendingInvitation[] }> = {
  kind: "tenant",
  name: "invitations.list",
  scope: "members:invite",
  input: noInput,
  run: async ({ actor }) => ({ invitations: await listPendingInvitations({ actor }) }),
};
