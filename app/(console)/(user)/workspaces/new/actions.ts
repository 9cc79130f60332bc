"use server";

import { serverAction } from "@/lib/api/server-action";
import { createTenantAction } from "@/lib/tenancy/actions";

export const createTenant = serverAction(createTenantAction);
