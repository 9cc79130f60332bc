import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TenantsOverview } from "@/components/admin/tenants-overview";
import { UsersAdmin } from "@/components/admin/users-admin";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  const user = await requireUser();
  // Not a 403: the page's existence is nobody else's business.
  if (!user.isSuperuser) notFound();
  return (
    <div className="mx-auto max-w-6xl space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Administration</h1>
        <p className="mt-1 text-slate-600">
          Every workspace and every account on this console. <Link href="/admin/audit" className="font-medium text-indigo-700 underline underline-offset-2 hover:decoration-2">Global audit log</Link>
        </p>
      </header>
      <TenantsOverview />
      <UsersAdmin currentUserId={user.id} />
    </div>
  );
}
