import { makeHeavyPdf } from "@/lib/testing/document-fixtures";
import { hostileCleanRequest } from "@/lib/testing/hostile-inputs";
import { round } from "./measure";

export interface HostileAnswer {
  request: string;
  status: number | "error";
  ms: number;
  /** When it was sent, in seconds since `origin` (the canary's start), to set beside the canary's slowest probes. */
  sentAtSeconds: number;
  /** The start of the answer: the error's message, or what was accepted. */
  answer: string;
}

async function timed(request: string, origin: number, send: () => Promise<Response>): Promise<HostileAnswer> {
  const started = performance.now();
  const sentAtSeconds = round((started - origin) / 1000);
  try {
    const answer = await send();
    const text = await answer.text();
    return { request, status: answer.status, ms: round(performance.now() - started), sentAtSeconds, answer: text.slice(0, 200) };
  } catch (error) {
    return { request, status: "error", ms: round(performance.now() - started), sentAtSeconds, answer: String(error).slice(0, 200) };
  }
}

export interface HostileRequests {
  /** Sends them all at once; answers in the order built. `origin` is the canary's start. */
  send(origin: number): Promise<HostileAnswer[]>;
}

/**
 * Issue #17's hostile scenario, sent in the middle of the load: the clean request that stalled the
 * server for 157 s (24,000 cues of names, 20 context sources of 199 KB: within every size limit, so
 * it runs until its time budget), one with more cues than a request cleans, and a PDF at the upload
 * limit. Their own 4xx answers are expected; what matters is everyone else's. Built before the load
 * starts: making 60 MB of payload takes this machine's other core for seconds, which the server
 * would otherwise be measured against.
 */
export async function buildHostileRequests({ baseUrl, apiKey, uploadLimitMb }: { baseUrl: string; apiKey: string; uploadLimitMb: number }): Promise<HostileRequests> {
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const stalled = JSON.stringify(hostileCleanRequest({ cues: 24_000, contextSources: 20, contextChars: 199_000, seed: 1 }));
  const tooMany = JSON.stringify(hostileCleanRequest({ cues: 25_500, contextSources: 20, contextChars: 199_000, seed: 2 }));
  const pdf = await makeHeavyPdf(uploadLimitMb - 1, 200);
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "hostile-appendix.pdf");
  return {
    send: (origin) =>
      Promise.all([
        timed("clean: the outside test's 24,000 cues", origin, () => fetch(`${baseUrl}/api/v1/clean`, { method: "POST", headers, body: stalled })),
        timed("clean: 25,500 cues", origin, () => fetch(`${baseUrl}/api/v1/clean`, { method: "POST", headers, body: tooMany })),
        timed(`upload: a ${round(pdf.length / 1024 / 1024)} MB PDF`, origin, () => fetch(`${baseUrl}/api/v1/documents`, { method: "POST", headers: { authorization: headers.authorization }, body: form })),
      ]),
  };
}
