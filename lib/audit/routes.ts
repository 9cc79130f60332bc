import { z } from "zod";
import { slugSchema } from "@/lib/tenancy/slug";
import type { TenantRouteDefinition, UserRouteDefinition } from "@/lib/api/define-route";
import { csvResponse, streamCsv } from "@/lib/api/stream-csv";
import { auditFilterSchema, listAuditEntries, listGlobalAuditEntries, type AuditEntryJson } from "./audit-log";

type Page = Awaited<ReturnType<typeof listAuditEntries>>;
type GlobalPage = Awaited<ReturnType<typeof listGlobalAuditEntries>>;

export const listAuditRoute: TenantRouteDefinition<typeof auditFilterSchema, Page> = {
  kind: "tenant",
  name: "audit.list",
  scope: "audit:read",
  input: auditFilterSchema,
  run: ({ actor, input }) => listAuditEntries({ actor, filter: input }),
};

/** `tenant`: a workspace's slug; empty (as a plain form sends it) means every workspace. */
const globalFilter = auditFilterSchema.extend({ tenant: z.union([z.literal(""), slugSchema]).optional() });

export const listGlobalAuditRoute: UserRouteDefinition<typeof globalFilter, GlobalPage> = {
  kind: "user",
  name: "admin.audit",
  superuser: true,
  input: globalFilter,
  run: ({ input: { tenant, ...filter } }) => listGlobalAuditEntries({ filter, tenantSlug: tenant || undefined }),
};

export const AUDIT_CSV_COLUMNS = ["id", "created_at", "actor_email", "actor_user_id", "actor_api_key_id", "action", "target_type", "target_id", "target_name", "ip", "details"] as const;
const csvRow = (e: AuditEntryJson) => [e.id, e.createdAt, e.actorEmail ?? "", e.actorUserId ?? "", e.actorApiKeyId ?? "", e.action, e.targetType ?? "", e.targetId ?? "", e.targetName ?? "", e.ip ?? "", JSON.stringify(e.details)];

/** The filtered view as CSV, newest first, streamed page by page. */
export const exportAuditRoute: TenantRouteDefinition<typeof auditFilterSchema, Response> = {
  kind: "tenant",
  name: "audit.export",
  scope: "audit:read",
  input: auditFilterSchema,
  run: async ({ actor, input, tenant }) =>
    csvResponse(
      streamCsv<number>({
        header: AUDIT_CSV_COLUMNS,
        context: { export: "audit log", tenantId: actor.tenantId },
        nextPage: async (before) => {
          const page = await listAuditEntries({ actor, filter: { ...input, before: before ?? undefined, limit: 200 } });
          return { rows: page.entries.map(csvRow), cursor: page.nextBefore };
        },
      }),
      `${tenant.slug}-audit-log.csv`,
    ),
};
