/** A deterministic generated corpus of mixed text files for the benchmarks. */
import { mulberry32 } from "@/lib/random/seeded";

const WORDS = (
  "account access agreement analysis answer approval archive audit budget calendar change client cluster " +
  "committee compliance contract correction customer dashboard deadline delivery deployment design document " +
  "embedding evaluation expense feedback finance glossary governor handbook hybrid incident index invoice " +
  "latency ledger license meeting member migration model network onboarding owner partner password payment " +
  "pipeline policy portal privacy procurement project quality query quarter record recovery region release " +
  "report request research retention review risk roadmap schedule search security server service session " +
  "settlement shipment signal standard storage strategy subtitle supplier support survey team tenant ticket " +
  "timeline training transcript travel update upload user vendor version warehouse workflow workspace Owerri " +
  "Orlu Imo State Uzodinma Lagos Abuja Nairobi Accra Berlin Lisbon Toronto"
).split(" ");

export function sentence(random: () => number): string {
  const n = 8 + Math.floor(random() * 14);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]!);
  const text = words.join(" ");
  return text[0]!.toUpperCase() + text.slice(1) + ".";
}

function paragraph(random: () => number): string {
  return Array.from({ length: 3 + Math.floor(random() * 5) }, () => sentence(random)).join(" ");
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const srtTime = (ms: number) => `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;

export interface CorpusFile {
  name: string;
  kind: "md" | "txt" | "csv" | "srt" | "html" | "json";
  text: string;
}

/** About `targetBytes` of files of several kinds, each file around `fileBytes`. */
export function generateCorpus({ targetBytes, fileBytes, seed = 7 }: { targetBytes: number; fileBytes: number; seed?: number }): CorpusFile[] {
  const random = mulberry32(seed);
  const files: CorpusFile[] = [];
  let total = 0;
  const kinds: CorpusFile["kind"][] = ["md", "md", "md", "txt", "txt", "csv", "srt", "html", "json"];
  while (total < targetBytes) {
    const kind = kinds[files.length % kinds.length]!;
    const parts: string[] = [];
    let size = 0;
    const push = (s: string) => {
      parts.push(s);
      size += s.length;
    };
    const index = files.length;
    if (kind === "csv") push("id,region,owner,summary\n");
    if (kind === "html") push(`<!DOCTYPE html><html><head><title>Report ${index}</title></head><body>\n`);
    if (kind === "json") push("[\n");
    let i = 0;
    while (size < fileBytes) {
      i++;
      if (kind === "md") push(i % 6 === 1 ? `## Section ${i}\n\n` : `${paragraph(random)}\n\n`);
      else if (kind === "txt") push(`${paragraph(random)}\n\n`);
      else if (kind === "csv") push(`${i},${WORDS[i % WORDS.length]},owner${i % 17},"${sentence(random)}"\n`);
      else if (kind === "srt") push(`${i}\n${srtTime(i * 3000)} --> ${srtTime(i * 3000 + 2500)}\n${sentence(random)}\n\n`);
      else if (kind === "html") push(i % 5 === 1 ? `<h2>Part ${i}</h2>\n` : `<p>${paragraph(random)}</p>\n`);
      else push(`${i > 1 ? "," : ""}{"id":${i},"question":"${sentence(random)}","answer":"${paragraph(random)}"}\n`);
    }
    if (kind === "html") push("</body></html>\n");
    if (kind === "json") push("]\n");
    const text = parts.join("");
    files.push({ name: `doc-${pad(index, 4)}.${kind}`, kind, text });
    total += text.length;
  }
  return files;
}
