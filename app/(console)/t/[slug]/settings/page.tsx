import type { Metadata } from "next";
import { DangerZone } from "@/components/settings/danger-zone";
import { GeneralSettings } from "@/components/settings/general-settings";
import { ProcessingSettings } from "@/components/settings/processing-settings";
import { can } from "@/lib/auth/permissions";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, actor } = await getCurrentTenant(slug);
  return (
    <div className="max-w-3xl space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-slate-600">How {tenant.name} is named and reached.</p>
      </header>
      <GeneralSettings name={tenant.name} slug={tenant.slug} canRename={can(actor.role, "tenant:rename")} />
      <ProcessingSettings canEdit={can(actor.role, "tenant:settings")} />
      <section className="rounded-xl border border-dashed border-slate-300 bg-white p-5 text-sm text-slate-600">
        <p className="font-medium text-slate-800">Still to come on this page:</p>
        <p className="mt-2">API keys with scopes and expiry; retention periods for runs, audit entries and failed documents.</p>
      </section>
      {can(actor.role, "tenant:delete") && <DangerZone name={tenant.name} slug={tenant.slug} />}
    </div>
  );
}
