import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Global audit log" };

export default async function GlobalAuditPage() {
  const user = await requireUser();
  if (!user.isSuperuser) notFound();
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <Link href="/admin" className="text-sm text-indigo-700 hover:underline">← Administration</Link>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Global audit log</h1>
        <p className="mt-1 text-slate-600">Entries of every workspace, and the events above any workspace: sign-ins, workspaces created and deleted.</p>
      </header>
      <AuditLogView endpoint="/api/admin/audit" showTenant />
    </div>
  );
}
