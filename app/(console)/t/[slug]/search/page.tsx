import type { Metadata } from "next";
import Link from "next/link";
import { SearchPage, type FirstResults } from "@/components/search/search-page";
import { searchRequestFromParams } from "@/components/search/search-request";
import { can } from "@/lib/auth/permissions";
import { getEmbeddingProvider } from "@/lib/embeddings";
import { semanticLabel } from "@/lib/embeddings/provider";
import { toAppError } from "@/lib/errors";
import { search } from "@/lib/search/search-service";
import { searchInputSchema } from "@/lib/search/types";
import type { Actor } from "@/lib/tenancy/actor";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "Search" };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The answer to the search the URL asks for, run here so its results come with the page (a shared
 * link shows them at once, without waiting for the script). Anything it cannot answer (no query, a
 * query the API would refuse, a failure) is left to the browser, which shows the API's message.
 */
async function firstResults(actor: Actor, searchParams: SearchParams): Promise<FirstResults | undefined> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) if (typeof value === "string") params.set(key, value);
  const { q, body } = searchRequestFromParams(params);
  if (!q || !can(actor.role, "search:run")) return undefined;
  const input = searchInputSchema.safeParse(body);
  if (!input.success) return undefined;
  try {
    return { body, response: await search({ actor, input: input.data }) };
  } catch (error) {
    toAppError(error, { page: "search", tenantId: actor.tenantId });
    return undefined;
  }
}

export default async function Search({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> }) {
  const { slug } = await params;
  const { tenant, actor } = await getCurrentTenant(slug);
  const embedder = getEmbeddingProvider();
  const first = await firstResults(actor, await searchParams);
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
      <SearchPage semantic={{ kind: embedder.kind, model: embedder.model, label: semanticLabel(embedder) }} first={first} />
    </div>
  );
}
