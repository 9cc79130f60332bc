"use server";

import { serverAction } from "@/lib/api/server-action";
import { giveFeedbackAction } from "@/lib/search/actions";

export const giveFeedback = serverAction(giveFeedbackAction);
