import { describe, expect, it } from "vitest";
import { entitiesFromContext, namesInProse } from "./context-entities";
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
});
