"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { toast, Toaster } from "sonner";
import { noticeWhenSlow } from "@/components/ui/slow-notice";

interface HttpError extends Error {
  status?: number;
}

// A mutation's "Still working…" notice, removed when it settles.
const slowNotices = new WeakMap<object, () => void>();

function notify(error: Error) {
  toast.error(error.message || "Something went wrong. Try again.");
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        // A query whose component shows its error in place says so in `meta`: a toast too would say it twice.
        // A failed background refetch still shows the old data, so there only a toast can tell.
        queryCache: new QueryCache({ onError: (error, query) => (query.meta?.errorShownInPlace && query.state.data === undefined ? undefined : notify(error)) }),
        mutationCache: new MutationCache({
          onError: (error, _variables, _context, mutation) => (mutation.meta?.errorShownInPlace ? undefined : notify(error)),
          onMutate: (_variables, mutation) => void slowNotices.set(mutation, noticeWhenSlow()),
          onSettled: (_data, _error, _variables, _context, mutation) => slowNotices.get(mutation)?.(),
        }),
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            // A 4xx will not fix itself: retry only what may be transient.
            retry: (count, error: HttpError) => !(error.status && error.status < 500) && count < 2,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toaster richColors closeButton position="bottom-right" />
    </QueryClientProvider>
  );
}
