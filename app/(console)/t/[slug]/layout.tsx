import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { AreaMenu } from "@/components/shell/area-menu";
import { RememberTenant } from "@/components/shell/remember-tenant";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { MAIN_ID, SkipLink } from "@/components/shell/skip-link";
import { SuperuserBanner } from "@/components/shell/superuser-banner";
import { TenantProvider } from "@/components/shell/tenant-context";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";
import { listMembershipsForUser } from "@/lib/tenancy/memberships";

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, tenant, actor } = await getCurrentTenant(slug);
  const memberships = await listMembershipsForUser({ userId: user.id });
  const membership = memberships.find((m) => m.slug === tenant.slug);
  // A superuser visiting a workspace they are not a member of still sees it in the switcher, as such.
  const tenants = membership ? memberships : [...memberships, { tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role: "superuser" }];
  // resolveActor makes a superuser an owner everywhere: below that, the rights come from being one.
  const actingAsSuperuser = Boolean(actor.isSuperuser) && membership?.role !== "owner";
  return (
    <div className="flex min-h-full flex-col">
      <SkipLink />
      <AppHeader
        user={user}
        tenants={tenants}
        currentSlug={tenant.slug}
        menu={<AreaMenu slug={tenant.slug} role={actor.role} isSuperuser={user.isSuperuser} />}
      />
      {actingAsSuperuser && <SuperuserBanner workspace={tenant.name} ownRole={membership?.role ?? null} />}
      <RememberTenant slug={tenant.slug} />
      <div className="flex flex-1">
        {/* Below 1024 px the same links open from the header's Menu button. */}
        <aside className="hidden w-56 shrink-0 border-r border-slate-200 bg-white lg:block">
          <SidebarNav slug={tenant.slug} role={actor.role} isSuperuser={user.isSuperuser} />
        </aside>
        {/* min-w-0: a wide table scrolls inside its card instead of widening the page. */}
        <main id={MAIN_ID} tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none sm:px-8 sm:py-8">
          <TenantProvider value={{ slug: tenant.slug, name: tenant.name, role: actor.role, userId: user.id }}>{children}</TenantProvider>
        </main>
      </div>
    </div>
  );
}
