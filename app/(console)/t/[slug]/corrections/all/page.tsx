import type { Metadata } from "next";
import { Suspense } from "react";
import { CorrectionsList } from "@/components/corrections/corrections-list";

export const metadata: Metadata = { title: "Corrections" };

export default function CorrectionsListPage() {
  // useSearchParams needs a Suspense boundary to render the rest of the page on the server.
  return (
    <Suspense>
      <CorrectionsList />
    </Suspense>
  );
}
