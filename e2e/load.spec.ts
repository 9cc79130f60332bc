import { driveLoad, waitForDocuments } from "../lib/bench/load-drive";
import { expect, test } from "./fixtures";
import { ApiKeysPanel } from "./pages/api-keys-panel";

// Issue #9's load test, reduced (the full one is `npm run bench -- load`): the same requests, bounded
// by count so one key stays under the default limit of 600 requests a minute. No timing is asserted;
// the 30 s bound only keeps a broken server from holding the run.
const SEARCHES = 200;
const UPLOADS = 20;

test.describe("load", () => {
  test("searchers and uploaders at once get only 2xx answers, and every upload is ingested", async ({ page, signInAs, baseURL }) => {
    test.setTimeout(90_000);
    await signInAs("owner");
    const apiKey = await new ApiKeysPanel(page).create({ name: `Load ${Date.now()}`, access: "member", expires: "30" });

    const load = await driveLoad({ baseUrl: baseURL!, apiKey, seconds: 30, searchClients: 10, uploadClients: 2, maxSearches: SEARCHES, maxUploads: UPLOADS });
    for (const [name, scenario] of Object.entries({ search: load.search, upload: load.upload })) {
      expect(scenario.errors, name).toMatchObject({ total: 0, timeouts: 0, non2xx: 0, connection: {} });
      expect(Object.keys(scenario.errors.statusCodes).filter((code) => !code.startsWith("2")), name).toEqual([]);
    }
    expect(load.search.requests).toBe(SEARCHES);
    expect(load.upload.requests).toBe(UPLOADS);
    expect(new Set(load.documentIds).size).toBe(UPLOADS);

    const documents = await waitForDocuments({ baseUrl: baseURL!, apiKey, ids: load.documentIds, timeoutMs: 30_000 });
    expect(documents).toMatchObject({ completed: UPLOADS, failed: 0, pending: 0, processing: 0, missing: 0 });
  });
});
