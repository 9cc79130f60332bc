import { describe, expect, it } from "vitest";
import { searchInputSchema } from "@/lib/search/types";
import { searchRequestFromParams } from "./search-request";

describe("searchRequestFromParams", () => {
  it("reads the query and filters of a URL into the body the search API takes", () => {
    const request = searchRequestFromParams(new URLSearchParams("q=%20retention%20policy%20&mode=fulltext&k=20&type=pdf&from=2026-01-02&to=2026-03-04"));
    expect(request).toMatchObject({ q: "retention policy", mode: "fulltext", topK: 20, kind: "pdf", from: "2026-01-02", to: "2026-03-04" });
    expect(request.body).toEqual({ query: "retention policy", mode: "fulltext", topK: 20, kinds: ["pdf"], from: "2026-01-02T00:00:00Z", to: "2026-03-04T23:59:59Z" });
    expect(searchInputSchema.safeParse(request.body).success).toBe(true);
  });

  it("falls back to hybrid, ten results and no filters for what a URL leaves out or gets wrong", () => {
    const request = searchRequestFromParams(new URLSearchParams("q=badges&mode=psychic&k=lots&type=exe"));
    expect(request.body).toEqual({ query: "badges", mode: "hybrid", topK: 10 });
    expect(request.kind).toBe("");
  });

  it("gives the same body whatever the order of the URL's parameters, so the browser finds the server's answer under its key", () => {
    const asServer = searchRequestFromParams(new URLSearchParams("type=md&k=5&q=badges&mode=semantic")).body;
    const asBrowser = searchRequestFromParams(new URLSearchParams("q=badges&mode=semantic&type=md&k=5")).body;
    expect(JSON.stringify(asServer)).toBe(JSON.stringify(asBrowser));
  });

  it("has no query for a URL without one", () => {
    expect(searchRequestFromParams(new URLSearchParams("mode=fulltext")).q).toBe("");
  });
});
