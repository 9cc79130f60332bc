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
