import Papa from "papaparse";
import type { TenantRouteDefinition, UserRouteDefinition } from "@/lib/api/define-route";
import { auditFilterSchema, listAuditEntries, listGlobalAuditEntries, type AuditEntryJson } from "./audit-log";

type Page = Awaited<ReturnType<typeof listAuditEntries>>;

export const listAuditRoute: TenantRouteDefinition<typeof auditFilterSchema, Page> = {
  kind: "tenant",
  name: "audit.list",
  scope: "audit:read",
  input: auditFilterSchema,
  run: ({ actor, input }) => listAuditEntries({ actor, filter: input }),
};

const globalFilter = auditFilterSchema.extend({ tenant: auditFilterSchema.shape.action });

export const listGlobalAuditRoute: UserRouteDefinition<typeof globalFilter, Page> = {
  kind: "user",
  name: "admin.audit",
  superuser: true,
  input: globalFilter,
  run: ({ input: { tenant, ...filter } }) => listGlobalAuditEntries({ filter, tenantSlug: tenant || undefined }),
};

export const AUDIT_CSV_COLUMNS = ["id", "created_at", "actor_email", "actor_user_id", "actor_api_key_id", "action", "target_type", "target_id", "ip", "details"] as const;
const csvRow = (e: AuditEntryJson) => [e.id, e.createdAt, e.actorEmail ?? "", e.actorUserId ?? "", e.actorApiKeyId ?? "", e.action, e.targetType ?? "", e.targetId ?? "", e.ip ?? "", JSON.stringify(e.details)];

/** The filtered view as CSV, newest first, streamed page by page. */
export const exportAuditRoute: TenantRouteDefinition<typeof auditFilterSchema, Response> = {
  kind: "tenant",
  name: "audit.export",
  scope: "audit:read",
  input: auditFilterSchema,
  run: async ({ actor, input, tenant }) => {
    const encoder = new TextEncoder();
    let before: number | undefined;
    let started = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          if (!started) {
            started = true;
            controller.enqueue(encoder.encode(`${AUDIT_CSV_COLUMNS.join(",")}\r\n`));
          }
          const page = await listAuditEntries({ actor, filter: { ...input, before, limit: 200 } });
          if (page.entries.length) {
            // escapeFormulae: an email or target such as "=cmd|..." must not run in a spreadsheet.
            controller.enqueue(encoder.encode(`${Papa.unparse(page.entries.map(csvRow), { escapeFormulae: true, newline: "\r\n" })}\r\n`));
          }
          if (page.nextBefore === null) controller.close();
          else before = page.nextBefore;
        } catch (error) {
          console.error("audit export failed", { tenantId: actor.tenantId, error });
          controller.error(error);
        }
      },
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${tenant.slug}-audit-log.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
};
