import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { DangerZone } from "@/components/settings/danger-zone";
import { ExportImport } from "@/components/settings/export-import";
import { GeneralSettings } from "@/components/settings/general-settings";
import { ProcessingSettings } from "@/components/settings/processing-settings";
import { RetentionSettings } from "@/components/settings/retention-settings";
import { SsoSettings } from "@/components/sso/sso-settings";
import { can } from "@/lib/auth/permissions";
import { getRetentionPolicies } from "@/lib/retention/retention-service";
import { getSsoSettings } from "@/lib/sso/sso-rules-service";
import { getCurrentArea } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // Not for viewers, who could change nothing here.
  const { tenant, actor, user } = await getCurrentArea(slug, "settings");
  return (
    <div className="max-w-3xl space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-slate-600">How {tenant.name} is named, processed, kept and reached.</p>
      </header>
      <GeneralSettings name={tenant.name} slug={tenant.slug} canRename={can(actor.role, "tenant:rename")} />
      <ProcessingSettings canEdit={can(actor.role, "tenant:settings")} />
      {can(actor.role, "retention:read") && <RetentionSettings initial={await getRetentionPolicies({ actor })} />}
      {can(actor.role, "sso:manage") && <SsoSettings initial={await getSsoSettings({ actor })} signedInWith={user.signedInWith} />}
      {can(actor.role, "api_keys:read") && <ApiKeysPanel canManage={can(actor.role, "api_keys:manage")} />}
      <ExportImport />
      {can(actor.role, "tenant:delete") && <DangerZone name={tenant.name} slug={tenant.slug} />}
    </div>
  );
}
