import { z } from "zod";
import { defineTenantAction, defineUserAction } from "@/lib/api/define-action";
import { readEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { slugSchema } from "./slug";
import { createTenant, deleteTenant, renameTenant, tenantNameSchema } from "./tenants-service";

export const createTenantAction = defineUserAction({
  name: "tenants.create",
  input: z.object({ name: tenantNameSchema, slug: slugSchema }),
  run: async ({ user, input }) => {
    if (!readEnv().ALLOW_TENANT_CREATE && !user.isSuperuser) {
      throw new AppError("forbidden:tenant_create", "Creating workspaces is turned off here. Ask a superuser to create one for you.");
    }
    const tenant = await createTenant({ user, name: input.name, slug: input.slug });
    return { slug: tenant.slug };
  },
});

export const renameTenantAction = defineTenantAction({
  name: "tenants.rename",
  scope: "tenant:rename",
  input: z.object({ name: tenantNameSchema, slug: slugSchema }),
  run: async ({ actor, input }) => {
    const tenant = await renameTenant({ actor, name: input.name, slug: input.slug });
    return { slug: tenant.slug };
  },
});

export const deleteTenantAction = defineTenantAction({
  name: "tenants.delete",
  scope: "tenant:delete",
  input: z.object({ confirmName: z.string().max(200) }),
  run: ({ actor, input }) => deleteTenant({ actor, confirmName: input.confirmName }),
});
