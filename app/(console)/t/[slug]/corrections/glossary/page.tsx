import type { Metadata } from "next";
import { GlossaryPage } from "@/components/corrections/glossary-page";

export const metadata: Metadata = { title: "Glossary" };

export default async function GlossaryRoute({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <GlossaryPage slug={slug} />;
}
