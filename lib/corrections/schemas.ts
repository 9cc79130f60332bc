import { z } from "zod";
import { confidenceLevelEnum, correctionStatusEnum } from "@/db/schema";
import { TRANSCRIPT_FORMATS } from "./transcript-format";

const phrase = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Type the ${what}.`)
    .max(200, `Keep the ${what} under 200 characters.`)
    .refine((s) => !/[\r\n]/.test(s), `The ${what} must fit on one line.`);

const confidence = z.number().min(0, "Confidence is between 0 and 1.").max(1, "Confidence is between 0 and 1.");

export const newCorrectionSchema = z.object({
  originalText: phrase("original text"),
  correctedText: phrase("corrected text"),
  status: z.enum(["suggested", "approved"]).default("suggested"),
  confidence: confidence.default(0.7),
  source: z.string().trim().min(1).max(60).default("manual"),
  context: z.string().trim().max(1000, "Keep the context under 1,000 characters.").optional(),
});
export type NewCorrectionInput = z.infer<typeof newCorrectionSchema>;

export const correctionPatchSchema = z.object({
  originalText: phrase("original text").optional(),
  correctedText: phrase("corrected text").optional(),
  confidence: confidence.optional(),
  isEnabled: z.boolean().optional(),
  status: z.enum(correctionStatusEnum.enumValues).optional(),
});
export type CorrectionPatch = z.infer<typeof correctionPatchSchema>;

export const reviewSchema = z.object({
  ids: z.array(z.uuid()).min(1, "Choose at least one correction.").max(200, "Review at most 200 at a time."),
  decision: z.enum(["approve", "reject"]),
  correctedText: phrase("corrected text").optional(),
});
export type ReviewInput = z.infer<typeof reviewSchema>;

/** The most suggestions one clean result lists (MAX_QUEUED_SUGGESTIONS), so the most approved in one step. */
export const MAX_BULK_APPROVE = 500;

export const bulkApproveSchema = z.object({
  ids: z.array(z.uuid()).min(1, "Choose at least one suggestion.").max(MAX_BULK_APPROVE, `Approve at most ${MAX_BULK_APPROVE} suggestions at a time.`),
  minConfidence: confidence,
});
export type BulkApproveInput = z.infer<typeof bulkApproveSchema>;

export const outcomeSchema = z.object({
  successful: z.boolean(),
  applicationId: z.uuid().optional(),
});

const booleanParam = z.enum(["true", "false"]).transform((v) => v === "true");

export const correctionListSchema = z.object({
  view: z.enum(["queue", "all"]).default("all"),
  status: z.enum(correctionStatusEnum.enumValues).optional(),
  level: z.enum(confidenceLevelEnum.enumValues).optional(),
  source: z.string().max(60).optional(),
  enabled: booleanParam.optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(["usage", "success_rate", "confidence", "recent"]).default("recent"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type CorrectionListQuery = z.infer<typeof correctionListSchema>;

/** 2 MB of text: a two-hour subtitle file is about 150 KB. */
export const MAX_CLEAN_CHARS = 2_000_000;

/**
 * The clean request's body limit: the content and 20 context sources of 200,000 characters each
 * (6 million characters), even as 3-byte UTF-8.
 */
export const CLEAN_BODY_LIMIT = 20 * 1024 * 1024;

export const contextSourceSchema = z.object({
  type: z.string().trim().min(1).max(40).default("description"),
  content: z.string().max(200_000, "Keep each context source under 200,000 characters."),
  source_id: z.string().trim().max(200).optional(),
  authority: z.number().min(0).max(1).default(0.7),
});

export const cleanSchema = z.object({
  content: z.string().max(MAX_CLEAN_CHARS, "The content is larger than 2 MB. Split the file and clean the parts."),
  format: z.enum(TRANSCRIPT_FORMATS).default("text"),
  language: z.string().trim().min(2).max(16).default("en"),
  context_sources: z.array(contextSourceSchema).max(20, "Send at most 20 context sources.").default([]),
});
export type CleanInput = z.infer<typeof cleanSchema>;

// A blank form field means "not given", not 0; only a form's text is read as a number (a JSON null or [] is not 0).
const authority = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v),
  z.number().min(0, "Authority is between 0 and 1.").max(1, "Authority is between 0 and 1.").default(0.8),
);

export const glossaryEntrySchema = z.object({
  entityText: phrase("entity"),
  entityType: z.string().trim().min(1, "Give the entity a type, e.g. person or place.").max(40, "Keep the type under 40 characters."),
  authorityScore: authority,
  sourceId: z.string().trim().max(200).transform((v) => v || undefined).optional(),
});
export type GlossaryEntryInput = z.infer<typeof glossaryEntrySchema>;

export const glossaryListSchema = z.object({
  q: z.string().trim().max(200).optional(),
  type: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type GlossaryListQuery = z.infer<typeof glossaryListSchema>;

/** 1 MB of CSV: some 20,000 entries. */
export const glossaryCsvSchema = z.object({
  csv: z.string().min(1, "Choose a CSV file.").max(1_000_000, "The CSV is larger than 1 MB. Split it into parts."),
});
