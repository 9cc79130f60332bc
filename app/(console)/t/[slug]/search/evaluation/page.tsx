import type { Metadata } from "next";
import { Suspense } from "react";
import { EvaluationSets } from "@/components/search/evaluation-sets";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Evaluation sets" };

export default async function EvaluationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await getCurrentTenant(slug);
  return (
    <div className="max-w-5xl space-y-6">
      <Breadcrumb trail={[{ href: `/t/${slug}/search`, label: "Search" }]} current="Evaluation sets" />
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Evaluation sets</h1>
        <p className="mt-1 text-slate-600">
          Labelled queries of {tenant.name}: what should come back for each. Running a set scores every search mode, so a change of
          model or settings shows its effect.
        </p>
      </header>
      <Suspense>
        <EvaluationSets />
      </Suspense>
    </div>
  );
}
