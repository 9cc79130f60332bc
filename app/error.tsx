"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/** What /api/ready says: the server answers and so does its database, only the server, or nothing. */
type Reachability = "checking" | "ok" | "database-down" | "server-down";

const CHECK_EVERY_MS = 3_000;

async function reachability(): Promise<Reachability> {
  try {
    const response = await fetch("/api/ready", { cache: "no-store" });
    if (response.ok) return "ok";
    // Readiness answers 503 when the database is gone; any other failure (a proxy's 502) is the server.
    return response.status === 503 ? "database-down" : "server-down";
  } catch {
    return "server-down";
  }
}

const COPY: Record<Reachability, { title: string; body: string; status: string }> = {
  checking: {
    title: "Something went wrong",
    body: "The page could not be loaded.",
    status: "Checking whether the database can be reached…",
  },
  ok: {
    title: "Something went wrong",
    body: "The page could not be loaded, though the database can be reached. Try again; if it keeps happening, contact an admin.",
    status: "The database can be reached.",
  },
  "database-down": {
    title: "The database cannot be reached",
    body: "The console lost its connection to the database, so this page could not be loaded. Everything saved before is safe; a change you were making when this appeared was not saved, so make it again once the page is back.",
    status: `Still unreachable. Checking again every ${CHECK_EVERY_MS / 1000} seconds; this page reloads by itself when the database is back.`,
  },
  "server-down": {
    title: "The console cannot be reached",
    body: "Your browser cannot reach the console's server. Check your connection.",
    status: `Checking again every ${CHECK_EVERY_MS / 1000} seconds; this page reloads by itself when the console answers.`,
  },
};

/**
 * Shown when a page fails to render. A failure because the database is gone is the common one in
 * production, and it clears by itself: while /api/ready says so, this page checks every few seconds
 * and re-renders the route (`retry`: refresh the server components, then reset) once it answers.
 */
export default function ErrorPage({ error, retry }: { error: unknown; reset: () => void; retry: () => void }) {
  const [state, setState] = useState<Reachability>("checking");

  // Keyed on the error, so a retry that fails again starts checking afresh.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasDown = false;
    const check = async () => {
      const now = await reachability();
      if (stopped) return;
      setState(now);
      if (now !== "ok") {
        wasDown = true;
        timer = setTimeout(check, CHECK_EVERY_MS);
      } else if (wasDown) {
        retry();
      }
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [error, retry]);

  const copy = COPY[state];
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">{copy.title}</h1>
      <p className="mt-2 text-slate-600">{copy.body}</p>
      <p role="status" className="mt-4 text-sm text-slate-500">
        {copy.status}
      </p>
      <Button className="mt-6" onClick={retry}>
        Try again
      </Button>
    </main>
  );
}
