import { z } from "zod";
import type { UserRouteDefinition } from "@/lib/api/define-route";
import { listTenantsOverview, listUsers, type TenantOverview, type UserOverview } from "./admin-service";

const usersQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const listUsersRoute: UserRouteDefinition<typeof usersQuery, { users: UserOverview[]; total: number }> = {
  kind: "user",
  name: "admin.users",
  superuser: true,
  input: usersQuery,
  run: ({ user, input }) => listUsers({ user, query: input.q || undefined, page: input.page, pageSize: input.pageSize }),
};

const noInput = z.object({});

export const listTenantsRoute: UserRouteDefinition<typeof noInput, { tenants: TenantOverview[] }> = {
  kind: "user",
  name: "admin.tenants",
  superuser: true,
  input: noInput,
  run: async ({ user }) => ({ tenants: await listTenantsOverview({ user }) }),
};
