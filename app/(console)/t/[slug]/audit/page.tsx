import type { Metadata } from "next";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { getCurrentArea } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await getCurrentArea(slug, "audit");
  return (
    <div className="max-w-6xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Audit</h1>
        <p className="mt-1 text-slate-600">Every change, sign-in and refused access in {tenant.name}, newest first. Entries cannot be edited or deleted.</p>
      </header>
      <AuditLogView endpoint={`/api/t/${slug}/audit`} exportUrl={`/api/t/${slug}/audit/export`} />
    </div>
  );
}
