import type { Metadata } from "next";
import { CleanPage } from "@/components/corrections/clean-page";
import { can } from "@/lib/auth/permissions";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Clean a transcript" };

export default async function CleanTranscriptPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await getCurrentTenant(slug);
  if (!can(actor.role, "corrections:write")) {
    return <p className="rounded-xl border border-slate-200 bg-white p-6 text-slate-600">Your role can read corrections but not clean transcripts. Ask an admin for the member role.</p>;
  }
  return <CleanPage />;
}
