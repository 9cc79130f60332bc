import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session";
import { resolveTenantActor } from "./memberships";

/**
 * The signed-in user's actor in the workspace of `slug`, once per request. Someone who is not a
 * member gets a 404, so a slug's existence is not confirmed to outsiders.
 */
export const getCurrentTenant = cache(async (slug: string) => {
  const user = await requireUser();
  const resolved = await resolveTenantActor({ user, slug });
  if (!resolved) notFound();
  return { user, ...resolved };
});
