import type { Metadata } from "next";
import { DocumentsTable } from "@/components/documents/documents-table";
import { UploadCenter } from "@/components/documents/upload-center";
import { can } from "@/lib/auth/permissions";
import { readEnv } from "@/lib/env";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, actor } = await getCurrentTenant(slug);
  return (
    <div className="max-w-6xl space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Documents</h1>
        <p className="mt-1 text-slate-600">Files of {tenant.name}, split into searchable chunks.</p>
      </header>
      {can(actor.role, "documents:write") && <UploadCenter maxUploadBytes={readEnv().MAX_UPLOAD_MB * 1024 * 1024} />}
      <DocumentsTable />
    </div>
  );
}
