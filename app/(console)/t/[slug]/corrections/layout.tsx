import type { ReactNode } from "react";
import { CorrectionsTabs } from "@/components/corrections/corrections-tabs";

export default async function CorrectionsLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <div className="max-w-6xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Corrections</h1>
        <p className="mt-1 text-slate-600">Teach the workspace how its names and terms are really written, and clean transcripts with what it knows.</p>
      </header>
      <CorrectionsTabs slug={slug} />
      {children}
    </div>
  );
}
