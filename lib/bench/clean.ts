import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setDatabase } from "@/db/client";
import { openPglite } from "@/db/connect";
import { tenantContext, tenantCorrections, tenants } from "@/db/schema";
import { compileCorrections } from "@/lib/corrections/apply-corrections";
import { cleanContent } from "@/lib/corrections/clean-service";
import { cleanTranscript } from "@/lib/corrections/clean-transcript";
import { buildEntityIndex } from "@/lib/corrections/propose-corrections";
import { cleanSchema } from "@/lib/corrections/schemas";
import { stopwordsFor } from "@/lib/corrections/stopwords";
import { phraseKey } from "@/lib/corrections/words";
import { mulberry32 } from "@/lib/random/seeded";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { percentile, round } from "./measure";
import { TopicCorpus } from "./topic-corpus";

const SYLLABLES = ["cha", "ku", "wu", "ma", "o", "ka", "fo", "ri", "ne", "zo", "di", "la", "be", "tun", "de", "yo", "se", "ni", "gba", "ju", "mo", "ra", "ife", "chi"];

interface Workload {
  glossary: { entityText: string; entityType: string; authorityScore: number }[];
  corrections: { originalText: string; correctedText: string }[];
  srt: (cues: number) => string;
}

/** Names from West African-like syllables, misspellings of them, and subtitle text that mentions both. */
function makeWorkload({ glossarySize, correctionCount }: { glossarySize: number; correctionCount: number }): Workload {
  const random = mulberry32(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const word = () => {
    const w = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join("");
    return w[0]!.toUpperCase() + w.slice(1);
  };
  const names = new Set<string>();
  while (names.size < glossarySize) names.add(`${word()} ${word()}`);
  const glossary = [...names].map((entityText) => ({ entityText, entityType: pick(["person", "place", "organisation"]), authorityScore: round(0.6 + random() * 0.4, 2) }));
  // Speech recognition mishears a syllable or splits a word.
  const mishear = (name: string) => {
    const letters = name.split("");
    const at = 1 + Math.floor(random() * (letters.length - 2));
    letters[at] = letters[at] === " " ? " " : pick(["a", "e", "o", "u", "i"]);
    return letters.join("");
  };
  const corrections = new Map<string, string>();
  for (const g of glossary) {
    const wrong = mishear(g.entityText);
    if (wrong !== g.entityText) corrections.set(phraseKey(wrong), g.entityText);
  }
  const corpus = new TopicCorpus({ seed: 3, lexiconSize: 5_000 });
  while (corrections.size < correctionCount) {
    const wrong = corpus.passage(Math.floor(random() * 60), 1 + Math.floor(random() * 2));
    corrections.set(phraseKey(wrong), wrong.toUpperCase());
  }
  const correctionList = [...corrections].map(([originalText, correctedText]) => ({ originalText, correctedText }));
  const fillers = [...stopwordsFor("en")];
  const line = () => {
    const words: string[] = [];
    for (let i = 0; i < 4 + Math.floor(random() * 5); i++) words.push(random() < 0.45 ? pick(fillers) : corpus.passage(Math.floor(random() * 60), 1));
    const roll = random();
    // A name in most cues: correct, misheard with an approved correction, or misheard anew.
    if (roll < 0.3) words.splice(Math.floor(random() * words.length), 0, pick(glossary).entityText);
    else if (roll < 0.55) words.splice(Math.floor(random() * words.length), 0, pick(correctionList).originalText);
    else if (roll < 0.7) words.splice(Math.floor(random() * words.length), 0, mishear(pick(glossary).entityText));
    const text = words.join(" ");
    return text[0]!.toUpperCase() + text.slice(1) + ".";
  };
  const time = (ms: number) => {
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms % 3_600_000) / 60_000);
    const s = Math.floor((ms % 60_000) / 1000);
    return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")},${String(ms % 1000).padStart(3, "0")}`;
  };
  const srt = (cues: number) =>
    Array.from({ length: cues }, (_, i) => {
      const start = i * 3600;
      return `${i + 1}\n${time(start)} --> ${time(start + 3200)}\n${line()}${random() < 0.5 ? `\n${line()}` : ""}\n`;
    }).join("\n");
  return { glossary, corrections: correctionList, srt };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1)!) };
}

/**
 * `npm run bench -- clean`: a two-hour SRT (2,000 cues) and a 100-cue file against 5,000 approved
 * corrections and 2,000 glossary entities. Reports the engine alone (parse, apply, propose, write;
 * with the memory compiled once, as the service caches it) and the whole service call on the
 * embedded database (check the memory's version, clean, record usage, queue suggestions, audit).
 */
export async function benchClean({ runs = 15 }: { runs?: number } = {}) {
  const workload = makeWorkload({ glossarySize: 2_000, correctionCount: 5_000 });
  const files = { "2,000 cues": workload.srt(2_000), "100 cues": workload.srt(100) };
  const stopwords = stopwordsFor("en");
  const entities = workload.glossary.map((g) => ({ text: g.entityText, authority: g.authorityScore, origin: "glossary" as const, sourceId: null }));
  const rules = workload.corrections.map((c, i) => ({ id: String(i), ...c }));

  const compileStarted = performance.now();
  const memory = { corrections: compileCorrections(rules), entities: buildEntityIndex(entities), stopwords };
  const engine: Record<string, unknown> = { compileMs: round(performance.now() - compileStarted) };
  for (const [label, content] of Object.entries(files)) {
    const samples: number[] = [];
    let last;
    for (let i = 0; i < runs + 2; i++) {
      const started = performance.now();
      last = cleanTranscript(content, "srt", memory);
      if (i >= 2) samples.push(performance.now() - started);
    }
    engine[label] = { bytes: content.length, ms: stats(samples), applied: last!.applied.reduce((n, a) => n + a.occurrences, 0), suggestions: last!.suggestions.length };
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), "tkc-bench-clean-"));
  const handle = await openPglite(path.join(dir, "pglite"));
  const service: Record<string, unknown> = {};
  try {
    await handle.migrate();
    setDatabase(handle);
    const [tenant] = await handle.db.insert(tenants).values({ name: "Bench", slug: "bench" }).returning();
    const actor = { tenantId: tenant!.id, role: "owner" as const };
    await withTenant(actor, async (tx) => {
      for (let i = 0; i < workload.glossary.length; i += 1000)
        await tx.insert(tenantContext).values(workload.glossary.slice(i, i + 1000).map((g) => ({ tenantId: actor.tenantId, ...g })));
      for (let i = 0; i < workload.corrections.length; i += 1000)
        await tx.insert(tenantCorrections).values(
          workload.corrections.slice(i, i + 1000).map((c) => ({ tenantId: actor.tenantId, ...c, originalKey: phraseKey(c.originalText), confidence: 0.8, status: "approved" as const })),
        );
    });
    for (const [label, content] of Object.entries(files)) {
      const input = cleanSchema.parse({ content, format: "srt" });
      const samples: number[] = [];
      let firstMs = 0;
      for (let i = 0; i < runs + 2; i++) {
        const started = performance.now();
        await cleanContent({ actor, input });
        if (i === 0) firstMs = round(performance.now() - started);
        if (i >= 2) samples.push(performance.now() - started);
      }
      // The first call also loads and compiles the memory (the cache is per process and version).
      service[label] = { firstMs, ms: stats(samples) };
    }
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
  const report = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`, glossary: workload.glossary.length, corrections: workload.corrections.length, runs, engine, service };
  console.log(JSON.stringify(report, null, 2));
  return report;
}
