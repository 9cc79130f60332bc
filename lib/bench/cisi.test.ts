import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCisi, parseJudgements, parseSmartRecords } from "./cisi";

describe("SMART-format test collections", () => {
  it("splits records into fields, keeping multi-line text and dropping none", () => {
    const records = parseSmartRecords(".I 1\n.T\nA title\n.A\nDoe, J.\n.W\n  first line\nsecond line\n.X\n1\t5\t1\n.I 2\n.T \nOther\n.W\nbody");
    expect(records).toEqual([
      { id: "1", fields: { T: "A title", A: "Doe, J.", W: "first line\nsecond line", X: "1\t5\t1" } },
      { id: "2", fields: { T: "Other", W: "body" } },
    ]);
  });

  it("reads judgements as sets per query", () => {
    const relevant = parseJudgements("1 28 0 0.0\n1  35\t0 0.0\n2 3 0 0.0\n\n");
    expect([...relevant.get("1")!]).toEqual(["28", "35"]);
    expect(relevant.size).toBe(2);
  });

  it("loads the shipped CISI collection as its README describes it", async () => {
    const cisi = await loadCisi(path.resolve(__dirname, "../../../shared/datasets/cisi"));
    expect(cisi.documents).toHaveLength(1460);
    expect(cisi.queries).toHaveLength(112);
    expect(cisi.relevant.size).toBe(76);
    expect(cisi.documents[0]).toMatchObject({ id: "1", title: "18 Editions of the Dewey Decimal Classifications" });
    expect(cisi.documents[0]!.text).not.toMatch(/\t/);
  });
});
