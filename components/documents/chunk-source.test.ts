import { describe, expect, it } from "vitest";
import { chunkSource } from "./chunk-source";

describe("chunkSource", () => {
  it("is null for body text", () => {
    expect(chunkSource({ page: 2, heading: "Intro" })).toBeNull();
  });

  it("names a Word part, OCR with its confidence, and form fields", () => {
    expect(chunkSource({ part: "footnote" })).toBe("Footnote");
    expect(chunkSource({ page: 1, ocrConfidence: 91.6 })).toBe("Read by OCR, 92% confident");
    expect(chunkSource({ formFields: ["FullName", "City"], part: "textbox" })).toBe("Text box · Form fields: FullName, City");
  });
});
