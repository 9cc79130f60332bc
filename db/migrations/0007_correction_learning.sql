ALTER TABLE "tenant_corrections" DROP CONSTRAINT "tenant_corrections_tenantId_originalText_correctedText_unique";--> statement-breakpoint
ALTER TABLE "correction_history" ADD COLUMN "occurrences" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "correction_history" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_corrections" ADD COLUMN "original_key" text;--> statement-breakpoint
-- Existing rows get the key the service computes (case-folded words joined by single spaces).
UPDATE "tenant_corrections" SET "original_key" = lower(trim(regexp_replace("original_text", '[^[:alnum:]''’-]+', ' ', 'g')));--> statement-breakpoint
ALTER TABLE "tenant_corrections" ALTER COLUMN "original_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_corrections" ADD COLUMN "is_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_corrections" ADD COLUMN "review_reason" text;--> statement-breakpoint
ALTER TABLE "tenant_corrections" ADD COLUMN "success_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_corrections" ADD COLUMN "failure_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_corrections" ADD COLUMN "last_applied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_corrections" ADD CONSTRAINT "tenant_corrections_tenantId_originalKey_correctedText_unique" UNIQUE("tenant_id","original_key","corrected_text");