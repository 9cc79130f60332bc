import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChunkBrowser } from "@/components/documents/chunk-browser";
import { DocumentActions } from "@/components/documents/document-actions";
import { kindLabel } from "@/components/documents/kinds";
import { RefreshWhileProcessing } from "@/components/documents/refresh-while-processing";
import { StageTimeline } from "@/components/documents/stage-timeline";
import { StatusBadge } from "@/components/documents/status-badge";
import { formatBytes, formatDateTime } from "@/components/ui/format";
import { can } from "@/lib/auth/permissions";
import { getDocument } from "@/lib/documents/documents-service";
import type { DocumentMetadata } from "@/lib/documents/stages";
import { AppError } from "@/lib/errors";
import { getCurrentTenant } from "@/lib/tenancy/current-tenant";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export const metadata: Metadata = { title: "Document" };

export default async function DocumentPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { actor } = await getCurrentTenant(slug);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const document = await getDocument({ actor, id }).catch((error: unknown) => {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  });
  const metadata = document.metadata as DocumentMetadata;
  const facts: [string, string][] = [
    ["Type", kindLabel(document.mimeType)],
    ["Size", formatBytes(document.fileSize)],
    ["Uploaded", formatDateTime(document.createdAt)],
    ["Uploaded by", document.uploader ?? "—"],
    ["Processed", document.processedAt ? formatDateTime(document.processedAt) : "—"],
    ["Chunks", document.status === "completed" ? String(document.chunkCount) : "—"],
    ["Attempts", String(document.attempts)],
    ["SHA-256", `${document.sha256.slice(0, 16)}…`],
  ];
  if (typeof metadata.pages === "number") facts.push(["Pages", String(metadata.pages)]);
  if (typeof metadata.cues === "number") facts.push(["Cues", String(metadata.cues)]);
  if (typeof metadata.encoding === "string") facts.push(["Encoding", metadata.encoding]);
  if (metadata.otherNames?.length) facts.push(["Also uploaded as", metadata.otherNames.join(", ")]);
  // Cues a subtitle file could not give (a bad timing): the rest of the file is indexed.
  const warnings = Array.isArray(metadata.warnings) ? metadata.warnings.filter((w): w is string => typeof w === "string") : [];

  return (
    <div className="max-w-5xl space-y-8">
      <RefreshWhileProcessing active={document.status === "pending" || document.status === "processing"} />
      <Breadcrumb trail={[{ href: `/t/${slug}/documents`, label: "Documents" }]} current={document.filename} />
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight wrap-anywhere">{document.filename}</h1>
          <div className="mt-2">
            <StatusBadge status={document.status} />
          </div>
        </div>
        <DocumentActions
          documentId={document.id}
          filename={document.filename}
          status={document.status}
          canWrite={can(actor.role, "documents:write")}
          canDelete={can(actor.role, "documents:delete")}
        />
      </header>
      {document.status === "failed" && document.errorMessage && (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          <p className="font-medium">This document could not be processed.</p>
          <p className="mt-1">{document.errorMessage}</p>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="document-warnings">
          <p className="font-medium">Parts of this file could not be read and are not searchable.</p>
          <ul className="mt-1 list-disc pl-5">
            {warnings.map((warning) => <li key={warning}>{warning}</li>)}
          </ul>
        </div>
      )}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 rounded-xl border border-slate-200 bg-white p-5 text-sm sm:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="mt-0.5 text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <StageTimeline stages={metadata.stages ?? []} />
      {document.status === "completed" && <ChunkBrowser documentId={document.id} />}
    </div>
  );
}
