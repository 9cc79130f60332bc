-- Idempotency-Keys move from a column of the document they created to a table of their own, so a
-- key first sent with a duplicate upload is bound to the document it found as well (issue #19).
CREATE TABLE "upload_keys" (
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"document_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "upload_keys_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_tenantId_idempotencyKey_unique";--> statement-breakpoint
ALTER TABLE "upload_keys" ADD CONSTRAINT "upload_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upload_keys" ADD CONSTRAINT "upload_keys_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "upload_keys_document_id_index" ON "upload_keys" USING btree ("document_id");--> statement-breakpoint
INSERT INTO "upload_keys" ("tenant_id", "key", "document_id", "created_at")
  SELECT "tenant_id", "idempotency_key", "id", "created_at" FROM "documents" WHERE "idempotency_key" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" DROP COLUMN "idempotency_key";--> statement-breakpoint
ALTER TABLE "upload_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "upload_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY tenant_isolation ON "upload_keys" AS PERMISSIVE FOR ALL TO tkc_app
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY system_access ON "upload_keys" AS PERMISSIVE FOR ALL TO tkc_system USING (true) WITH CHECK (true);--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "upload_keys" TO tkc_app, tkc_system;