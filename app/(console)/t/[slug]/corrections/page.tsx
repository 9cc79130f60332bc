import type { Metadata } from "next";
import { ReviewQueue } from "@/components/corrections/review-queue";

export const metadata: Metadata = { title: "Review queue" };

export default function ReviewQueuePage() {
  return <ReviewQueue />;
}
