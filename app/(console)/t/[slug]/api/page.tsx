import { headers } from "next/headers";
import type { Metadata } from "next";
import { fieldsOf, SchemaTable, type FieldRow } from "@/components/api-reference/schema-table";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { browserUrl } from "@/lib/env";
import { requestOrigin } from "@/lib/security/request-origin";
import { getCurrentArea } from "@/lib/tenancy/current-tenant";

export const metadata: Metadata = { title: "API reference" };

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  patch: "bg-amber-100 text-amber-800",
  delete: "bg-red-100 text-red-800",
};

type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
};

function example(base: string, method: string, path: string, op: Operation): string {
  const lines = [`curl -X ${method.toUpperCase()} "${base}${path.replace(/\{id\}/g, "<id>")}"`, `  -H "Authorization: Bearer $TKC_API_KEY"`];
  if (op.requestBody?.content["multipart/form-data"]) lines.push(`  -H "Idempotency-Key: $(uuidgen)"`, `  -F "file=@handbook.pdf"`);
  else if (op.requestBody) lines.push(`  -H "Content-Type: application/json"`, `  -d '${JSON.stringify(requiredFieldsOf(op.requestBody.content["application/json"]!.schema))}'`);
  return lines.join(" \\\n");
}

/** The body's required fields with a placeholder of their type: the smallest request that validates in shape. */
function requiredFieldsOf(schema: { properties?: Record<string, { type?: unknown; enum?: unknown[] }>; required?: string[] }) {
  return Object.fromEntries(
    (schema.required ?? []).map((name) => {
      const field = schema.properties?.[name] ?? {};
      return [name, field.enum?.[0] ?? (field.type === "number" || field.type === "integer" ? 0 : field.type === "boolean" ? true : field.type === "array" ? [] : "…")];
    }),
  );
}

export default async function ApiReferencePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // Admins and owners only: the others cannot hold a key to call these with.
  await getCurrentArea(slug, "api");
  const base = browserUrl("/api/v1", requestOrigin(await headers())).replace(/\/$/, "");
  const doc = buildOpenApiDocument(base);
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })));
  const tags = doc.tags.map((t) => t.name);
  return (
    <div className="max-w-5xl space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="text-slate-600">
          The console&apos;s own operations, for programs. Base URL <code className="rounded bg-slate-100 px-1">{base}</code>. Authenticate with a key from{" "}
          <a className="text-indigo-700 underline underline-offset-2 hover:decoration-2" href={`/t/${slug}/settings#api-keys-heading`}>
            Settings → API keys
          </a>{" "}
          as <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;key&gt;</code> (or <code className="rounded bg-slate-100 px-1">X-API-Key</code>).
        </p>
        <p className="text-sm text-slate-600">
          Errors are <code className="rounded bg-slate-100 px-1">{`{ "error": { "code", "message", "requestId" } }`}</code>; 429 comes with{" "}
          <code className="rounded bg-slate-100 px-1">Retry-After</code>. Items of another workspace answer 404.{" "}
          <a className="text-indigo-700 underline underline-offset-2 hover:decoration-2" href="/api/v1/openapi.json">
            OpenAPI 3.1 document
          </a>
        </p>
      </header>
      <nav aria-label="Operations" className="flex flex-wrap gap-2 text-sm">
        {operations.map(({ op }) => (
          <a key={op.operationId} href={`#${op.operationId}`} className="rounded-md border border-slate-200 bg-white px-2 py-1 text-slate-700 hover:bg-slate-50">
            {op.summary}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-4">
          <h2 id={`tag-${tag}`} className="text-lg font-semibold">
            {tag}
          </h2>
          {operations
            .filter(({ op }) => op.tags.includes(tag))
            .map(({ path, method, op }) => {
              const parameters: FieldRow[] = (op.parameters ?? []).map((p) => ({ name: p.name, where: p.in, required: p.required, schema: p.schema }));
              const body = op.requestBody?.content["application/json"]?.schema ?? op.requestBody?.content["multipart/form-data"]?.schema;
              return (
                <article key={op.operationId} id={op.operationId} className="scroll-mt-6 space-y-3 rounded-xl border border-slate-200 bg-white p-5">
                  <h3 className="flex flex-wrap items-center gap-2 font-medium">
                    <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
                    <code className="text-sm">/api/v1{path}</code>
                    <span className="text-slate-600">— {op.summary}</span>
                  </h3>
                  <p className="whitespace-pre-line text-sm text-slate-600">{op.description}</p>
                  <SchemaTable caption="Parameters" rows={parameters} />
                  {body && <SchemaTable caption="Body" rows={fieldsOf(body)} />}
                  <pre tabIndex={0} className="overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600">{example(base, method, path, op)}</pre>
                </article>
              );
            })}
        </section>
      ))}
    </div>
  );
}
