import { describe, expect, it } from "vitest";
import { entitiesFromContext, entitiesFromSources, namesInProse } from "./context-entities";
import { stopwordsFor } from "./stopwords";

const english = stopwordsFor("en");

describe("context entities", () => {
  it("finds runs of capitalised words in prose, without function words", () => {
    expect(namesInProse("The programme: Hope Uzodinma is the governor of Imo State. He visited Orlu, then Owerri.", english)).toEqual([
      "Hope Uzodinma",
      "Imo State",
      "Orlu",
      "Owerri",
    ]);
  });

  it("reads an entity list one per line", () => {
    expect(entitiesFromContext({ type: "entities", content: "Hope Uzodinma\r\n\r\nImo State\nImo State\n", authority: 1 }, english)).toEqual(["Hope Uzodinma", "Imo State"]);
  });

  it("orders prose names by mentions across sources, after the listed ones, keeping the highest authority", () => {
    const { entities, leftOut } = entitiesFromSources(
      [
        { type: "description", content: "Imo State. Orlu. Imo State. Owerri.", authority: 0.5, sourceId: "a" },
        { type: "entities", content: "Hope Uzodinma", authority: 0.9, sourceId: "list" },
        { type: "description", content: "Owerri and Owerri again, then Imo State.", authority: 0.8, sourceId: "b" },
      ],
      english,
    );
    expect(entities.map((e) => e.text)).toEqual(["Hope Uzodinma", "Imo State", "Owerri", "Orlu"]);
    expect(entities.find((e) => e.text === "Owerri")).toEqual({ text: "Owerri", authority: 0.8, sourceId: "b" });
    expect(leftOut).toBe(0);
  });

  it("uses at most the limit, the least mentioned left out and counted", () => {
    const once = ["Orlu", "Owerri", "Aba", "Enugu", "Nsukka", "Umuahia", "Onitsha", "Awka", "Calabar", "Uyo"].join(". ");
    const { entities, leftOut } = entitiesFromSources([{ type: "description", content: `${once}. Alpha Centauri. Alpha Centauri.`, authority: 0.7, sourceId: undefined }], english, 5);
    expect(entities).toHaveLength(5);
    expect(entities[0]!.text).toBe("Alpha Centauri");
    expect(leftOut).toBe(6);
  });
});
