import type { Metadata } from "next";
import Link from "next/link";
import { SearchPage } from "@/components/search/search-page";
import { getEmbeddingProvider } from "@/lib/embeddings";
import { semanticLabel } from "@/lib/embeddings/provider";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Search" };

export default async function Search({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await getCurrentTenant(slug);
  const embedder = getEmbeddingProvider();
  return (
    <div className="max-w-4xl space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Search</h1>
          <p className="mt-1 text-slate-600">Ask the documents of {tenant.name}.</p>
        </div>
        <Link href={`/t/${slug}/search/evaluation`} className="text-sm font-medium text-indigo-700 hover:underline">
          Evaluation sets →
        </Link>
      </header>
      {/* No Suspense boundary: the page is dynamic, and a streamed boundary stays hidden until the script arrives. */}
      <SearchPage semantic={{ kind: embedder.kind, model: embedder.model, label: semanticLabel(embedder) }} />
    </div>
  );
}
