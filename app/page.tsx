import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LAST_TENANT_COOKIE } from "@/components/shell/last-tenant";
import { requireUser } from "@/lib/auth/session";
import { listMembershipsForUser } from "@/lib/tenancy/memberships";

/**
 * Opens the workspace used last, else the first one; with none of their own, a superuser lands on
 * Administration (every workspace is theirs to open from there) and anyone else on the welcome page.
 */
export default async function Home() {
  const user = await requireUser();
  const tenants = await listMembershipsForUser({ userId: user.id });
  const last = (await cookies()).get(LAST_TENANT_COOKIE)?.value;
  // A password session skips workspaces that require single sign-on, while it has others to open.
  const open = tenants.filter((t) => !t.requireSso || user.signedInWith === "sso" || user.isSuperuser);
  const target = open.find((t) => t.slug === last) ?? open[0] ?? tenants[0];
  redirect(target ? `/t/${target.slug}/documents` : user.isSuperuser ? "/admin" : "/welcome");
}
