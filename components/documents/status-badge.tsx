import type { DocumentStatus } from "@/db/schema";
import { cn } from "@/components/ui/cn";

const STYLES: Record<DocumentStatus, string> = {
  pending: "bg-slate-100 text-slate-700",
  processing: "bg-sky-100 text-sky-800",
  completed: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
};

const LABELS: Record<DocumentStatus, string> = { pending: "Queued", processing: "Processing", completed: "Ready", failed: "Failed" };

export function StatusBadge({ status }: { status: DocumentStatus }) {
  return (
    <span data-testid="document-status" data-status={status} className={cn("inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium", STYLES[status])}>
      {status === "processing" && <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />}
      {LABELS[status]}
    </span>
  );
}
