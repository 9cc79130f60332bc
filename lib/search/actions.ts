import { z } from "zod";
import { feedbackEnum } from "@/db/schema";
import { defineTenantAction } from "@/lib/api/define-action";
import { giveFeedback } from "./search-service";

export const giveFeedbackAction = defineTenantAction({
  name: "search.feedback",
  scope: "search:feedback",
  input: z.object({
    runId: z.uuid(),
    feedback: z.enum(feedbackEnum.enumValues),
    comment: z.string().trim().max(1000, "Keep the comment under 1,000 characters.").optional(),
  }),
  run: ({ actor, input }) => giveFeedback({ actor, runId: input.runId, feedback: input.feedback, comment: input.comment || undefined }),
});
