import { z } from "zod";
import { SCOPE_LABELS, type Scope } from "@/lib/auth/permissions";
import { isPublicApi, ROUTES } from "./catalogue";

/** What a reader of the reference needs beyond the schema: one line, and more where it helps. */
export const OPERATION_DOCS: Record<string, { summary: string; description?: string; tag: string }> = {
  "documents.list": { tag: "Documents", summary: "List documents", description: "Newest first by default; filter by status, kind or a name fragment." },
  "documents.upload": {
    tag: "Documents",
    summary: "Upload a document",
    description:
      "Multipart form with one `file` field. The same content uploaded twice is one document (200 with `duplicate: true`). Send an `Idempotency-Key` header to make retries safe: the same key never creates two documents, and reusing it for another file is a 409 (also when the key was first sent with a duplicate).",
  },
  "documents.get": { tag: "Documents", summary: "Get a document", description: "With its processing status and stages." },
  "documents.delete": { tag: "Documents", summary: "Delete a document", description: "Removes the document, its chunks and its stored file." },
  "search.run": { tag: "Search", summary: "Search the workspace", description: "Semantic (pgvector), full-text (BM25 with RM3 feedback) or hybrid (a convex combination of both normalised scores, or reciprocal rank fusion if the workspace chose it). The response says what semantic means here (`semantic.kind`: a model, or the approximate offline embedder) and why an empty list is empty (`notice`). Each search is recorded as an evaluation run." },
  "corrections.list": { tag: "Corrections", summary: "List corrections" },
  "corrections.create": { tag: "Corrections", summary: "Add a correction", description: "New corrections are suggestions unless created as approved by a caller that may review." },
  "corrections.update": { tag: "Corrections", summary: "Edit, switch off, approve or reject a correction" },
  "corrections.outcome": { tag: "Corrections", summary: "Report whether an applied correction was right", description: "Moves the correction's confidence; repeated failures send it back to review." },
  "glossary.list": { tag: "Glossary", summary: "List glossary entries" },
  "glossary.create": { tag: "Glossary", summary: "Add a glossary entry" },
  "corrections.clean": { tag: "Corrections", summary: "Clean a transcript or subtitles", description: "Applies the approved corrections to SRT, WebVTT or plain text and proposes new ones; the format survives byte for byte." },
};

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "requestId"],
      properties: {
        code: { type: "string", description: "`type:surface`, e.g. `not_found:document`.", examples: ["forbidden:scope"] },
        message: { type: "string", description: "Safe to show a person; says what to do." },
        field: { type: "string", description: "On invalid input: the field it is about, as a path, e.g. `topK` or `context_sources.0.content`." },
        requestId: { type: "string", description: "Also in the X-Request-Id header; quote it when reporting a problem." },
      },
    },
  },
};

const errorResponse = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const rateLimitHeaders = {
  "X-RateLimit-Limit": { description: "Requests allowed per minute for this caller.", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Requests left in the current minute.", schema: { type: "integer" } },
  "X-Request-Id": { description: "This request's id.", schema: { type: "string" } },
};

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), describing what a client sends. */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function queryParameters(schema: z.ZodObject) {
  const json = jsonSchemaOf(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

/** The OpenAPI 3.1 document of /api/v1, generated from the routes' own zod schemas and scopes. */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES.filter((r) => isPublicApi(r.path))) {
    const def = route.def as { name: string; scope: Scope; input: z.ZodObject; rawBody?: boolean; status?: number };
    const docs = OPERATION_DOCS[def.name];
    if (!docs) throw new Error(`${route.method} ${route.path} (${def.name}) has no entry in OPERATION_DOCS`);
    const path = route.path.replace(/^\/api\/v1/, "").replace(/\[(\w+)\]/g, "{$1}");
    const parameters: unknown[] = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } }));
    let requestBody: unknown;
    if (def.rawBody) {
      requestBody = {
        required: true,
        content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "application/octet-stream" } } } } },
      };
      parameters.push({ name: "Idempotency-Key", in: "header", required: false, description: "Up to 255 visible ASCII characters, e.g. a UUID.", schema: { type: "string", maxLength: 255 } });
    } else if (route.method === "GET" || route.method === "DELETE") {
      parameters.push(...queryParameters(def.input));
    } else {
      requestBody = { required: true, content: { "application/json": { schema: jsonSchemaOf(def.input) } } };
    }
    const status = String(def.status ?? 200);
    (paths[path] ??= {})[route.method.toLowerCase()] = {
      operationId: def.name,
      tags: [docs.tag],
      summary: docs.summary,
      description: `${docs.description ? `${docs.description}\n\n` : ""}Needs the \`${def.scope}\` permission (${SCOPE_LABELS[def.scope]}).`,
      "x-required-scope": def.scope,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [status]: { description: "Success.", headers: rateLimitHeaders, content: { "application/json": { schema: { type: "object" } } } },
        ...(def.rawBody ? { "200": { description: "Already uploaded: the existing document, with `duplicate: true` and a `message` naming it.", content: { "application/json": { schema: { type: "object" } } } } } : {}),
        "400": errorResponse("The input is not valid; the message says what to change and `field` names the field."),
        "401": errorResponse("No API key, or one that is unknown, revoked or expired."),
        "403": errorResponse("The key lacks the permission this operation needs."),
        "404": errorResponse("No such item in this key's workspace (items of other workspaces are never revealed)."),
        ...(def.rawBody ? { "409": errorResponse("The Idempotency-Key was used for a different file."), "413": errorResponse("The file is larger than allowed.") } : {}),
        "429": errorResponse("Too many requests for this key, or too many invalid keys from this network.", { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } }),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Tenant Knowledge Console API",
      version: "1.0.0",
      description:
        "Upload documents, search them, and curate the correction memory of one workspace. Authenticate with an API key created in the workspace's Settings: `Authorization: Bearer <key>` (or `X-API-Key: <key>`). A key acts in its own workspace with its own permissions. Every response carries an `X-Request-Id`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerKey: [] }, { headerKey: [] }],
    tags: [...new Set(Object.values(OPERATION_DOCS).map((d) => d.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerKey: { type: "http", scheme: "bearer", description: "An API key, `tkc_…`." },
        headerKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "The same key, for clients that cannot send Authorization." },
      },
      schemas: { Error: errorSchema },
    },
  };
}
