import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { resolveActor } from "@/lib/api/resolve-actor";
import { canOpenArea, type AreaSegment } from "@/lib/auth/areas";
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/**
 * The signed-in user's actor in the workspace of `slug`, once per request; superusers may open any
 * workspace. Anyone else gets a 404, so a slug's existence is not confirmed to outsiders; a member
 * signed in with a password goes to /sso-required when the workspace requires single sign-on.
 */
export const getCurrentTenant = cache(async (slug: string) => {
  const user = await requireUser();
  try {
    return { user, ...(await resolveActor({ user }, slug, "tenant:read")) };
  } catch (error) {
    // A member whose password session may not open this workspace learns why, and how to get in.
    if (error instanceof AppError && error.code === "forbidden:sso_required") redirect(`/sso-required?workspace=${encodeURIComponent(slug)}`);
    if (error instanceof AppError && error.type === "forbidden") notFound();
    throw error;
  }
});

/**
 * `getCurrentTenant` for a page of one of the workspace's areas: a 404 for a role the navigation
 * does not show that area to, so a page never opens that the navigation hides, and the reverse.
 */
export async function getCurrentArea(slug: string, segment: AreaSegment) {
  const current = await getCurrentTenant(slug);
  if (!canOpenArea(current.actor.role, segment)) notFound();
  return current;
}
