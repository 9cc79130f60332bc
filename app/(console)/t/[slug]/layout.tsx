import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { RememberTenant } from "@/components/shell/remember-tenant";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { TenantProvider } from "@/components/shell/tenant-context";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";
import { listMembershipsForUser } from "@/lib/tenancy/memberships";

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, tenant, actor } = await getCurrentTenant(slug);
  const memberships = await listMembershipsForUser({ userId: user.id });
  // A superuser visiting a workspace they are not a member of still sees it in the switcher.
  const tenants = memberships.some((m) => m.slug === tenant.slug)
    ? memberships
    : [...memberships, { tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role: actor.role }];
  return (
    <div className="flex min-h-full flex-col">
      <AppHeader user={user} tenants={tenants} currentSlug={tenant.slug} />
      <RememberTenant slug={tenant.slug} />
      <div className="flex flex-1">
        <aside className="w-56 shrink-0 border-r border-slate-200 bg-white">
          <SidebarNav slug={tenant.slug} />
        </aside>
        <main className="flex-1 px-8 py-8">
          <TenantProvider value={{ slug: tenant.slug, name: tenant.name, role: actor.role, userId: user.id }}>{children}</TenantProvider>
        </main>
      </div>
    </div>
  );
}
