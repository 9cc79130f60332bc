export const AREAS = [
  {
    segment: "documents",
    label: "Documents",
    summary: "Upload files and follow them into searchable chunks.",
    willHold: [
      "Drag-and-drop upload of many files at once, each with its own progress bar, cancel and retry",
      "The documents table with status, chunk count, uploader, filters, search and pagination",
      "Each document's page: processing stages with timings, errors in plain words, and a chunk browser",
    ],
  },
  {
    segment: "search",
    label: "Search",
    summary: "Ask questions of this workspace's documents.",
    willHold: [
      "Hybrid, semantic and full-text search with filters by document, type and date",
      "Snippets with highlighted matches and an explanation of every score",
      "Thumbs up or down on results, and evaluation sets that score retrieval quality",
    ],
  },
  {
    segment: "corrections",
    label: "Corrections",
    summary: "Teach the workspace how its names and terms are really written.",
    willHold: [
      "The review queue of suggested corrections, with keyboard approve and reject",
      "The glossary of people, places and organisations, with CSV import and export",
      "The cleaner for transcripts and subtitle files (SRT, WebVTT), with a side-by-side diff",
    ],
  },
  {
    segment: "dashboard",
    label: "Dashboard",
    summary: "See how well search serves this workspace, and where it fails.",
    willHold: [
      "Queries, latency percentiles, quality scores and feedback over a chosen time range",
      "Worst-rated and zero-result queries, and the documents behind bad answers",
      "Usage: documents, storage, uploads and corrections over time; CSV export",
    ],
  },
  {
    segment: "members",
    label: "Members",
    summary: "Who is in this workspace, and what each role may do.",
    willHold: [
      "Members with their roles; invitations by email with a copyable link",
      "Role changes and removals, with the rules that protect the last owner",
      "A readable table of what each role can do",
    ],
  },
  {
    segment: "settings",
    label: "Settings",
    summary: "How this workspace processes documents, and who can reach its API.",
    willHold: [
      "Chunk size and overlap, the embedding model and its re-index status",
      "API keys with scopes and expiry; retention periods for runs, audit entries and failed documents",
      "Workspace name and slug, export, and the danger zone",
    ],
  },
  {
    segment: "audit",
    label: "Audit",
    summary: "Every change, sign-in and refused access in this workspace.",
    willHold: [
      "The audit log, newest first, filtered by actor, action, target and date",
      "A before/after view of each change",
      "CSV export of the filtered view",
    ],
  },
] as const;

export type AreaSegment = (typeof AREAS)[number]["segment"];

export function getArea(segment: AreaSegment) {
  return AREAS.find((a) => a.segment === segment)!;
}
