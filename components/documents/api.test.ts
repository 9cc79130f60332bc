import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { documentsKey, refetchDocuments } from "./api";

/**
 * A documents list whose first request reads the server before an upload and answers only after it:
 * the order in which a page opened just before an upload lost the new row.
 */
function listLoadingDuringUpload() {
  const server = { filenames: ["a.md"] };
  let answerFirst!: () => void;
  let calls = 0;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const observer = new QueryObserver(client, {
    queryKey: [...documentsKey("demo"), "page=1"],
    queryFn: () => {
      const snapshot = [...server.filenames];
      calls += 1;
      return calls === 1 ? new Promise<string[]>((resolve) => (answerFirst = () => resolve(snapshot))) : Promise.resolve(snapshot);
    },
  });
  const unsubscribe = observer.subscribe(() => {});
  const upload = () => server.filenames.push("new.md");
  const close = () => {
    unsubscribe();
    client.clear();
  };
  return { client, observer, upload, answerFirst: () => answerFirst(), close };
}

describe("refetchDocuments", () => {
  let close = () => {};
  afterEach(() => close());

  it("shows an upload that finished while the list's first request was still out", async () => {
    const list = listLoadingDuringUpload();
    close = list.close;
    list.upload();
    const refetched = refetchDocuments(list.client, "demo");
    list.answerFirst();
    await refetched;
    expect(list.observer.getCurrentResult().data).toEqual(["a.md", "new.md"]);
  });

  it("is needed: an invalidation alone keeps the answer read before the upload", async () => {
    const list = listLoadingDuringUpload();
    close = list.close;
    list.upload();
    const invalidated = list.client.invalidateQueries({ queryKey: documentsKey("demo") });
    list.answerFirst();
    await invalidated;
    expect(list.observer.getCurrentResult().data).toEqual(["a.md"]);
  });
});
