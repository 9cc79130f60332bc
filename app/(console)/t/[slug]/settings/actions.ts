"use server";

import { serverAction } from "@/lib/api/server-action";
import { deleteTenantAction, renameTenantAction } from "@/lib/tenancy/actions";

export const renameTenant = serverAction(renameTenantAction);
export const deleteTenant = serverAction(deleteTenantAction);
