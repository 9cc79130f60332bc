"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/db/schema";
import { can, type Scope } from "@/lib/auth/permissions";

interface TenantContextValue {
  slug: string;
  name: string;
  role: Role;
  userId: string;
}

const TenantContext = createContext<TenantContextValue | null>(null);

export function TenantProvider({ value, children }: { value: TenantContextValue; children: ReactNode }) {
  return <TenantContext.Provider value={value}>{children}</TenantContext.Provider>;
}

export function useTenant(): TenantContextValue {
  const value = useContext(TenantContext);
  if (!value) throw new Error("useTenant outside a workspace page");
  return value;
}

/** Mirrors the server's permission check so controls a role cannot use are not shown. */
export function useCan(scope: Scope): boolean {
  return can(useTenant().role, scope);
}
