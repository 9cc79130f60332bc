import type { QueryClient } from "@tanstack/react-query";
import type { DocumentStatus } from "@/db/schema";

export interface DocumentJson {
  id: string;
  filename: string;
  mimeType: string;
  fileSize: number;
  status: DocumentStatus;
  chunkCount: number;
  errorMessage: string | null;
  createdAt: string;
  processedAt: string | null;
  uploader: string | null;
}

export interface DocumentListJson {
  documents: DocumentJson[];
  total: number;
  active: number;
}

export const documentsKey = (slug: string) => ["tenants", slug, "documents"] as const;

/**
 * Refetches the documents list after a write. Invalidating alone is not enough: a fetch still in flight
 * for a list without data yet is reused rather than restarted (TanStack Query cancels an in-flight
 * fetch only once the query has data), and that fetch began before the write, so a new upload stayed
 * missing until a reload. Cancelling first makes the refetch begin after the write.
 */
export async function refetchDocuments(queryClient: QueryClient, slug: string): Promise<void> {
  await queryClient.cancelQueries({ queryKey: documentsKey(slug) });
  await queryClient.invalidateQueries({ queryKey: documentsKey(slug) });
}
