import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { memberships, tenantContext, tenants, users, type Role } from "@/db/schema";
import { defineRoute } from "@/lib/api/define-route";
import { ROLES } from "@/lib/auth/permissions";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { createTestDatabase } from "@/lib/testing/test-database";
import { ENTRY, IMPORT_LIMITS } from "./format";
import { exportTenantRoute, importTenantRoute } from "./routes";
import { unzip } from "./zip-test-helpers";

const secret = "tenant-export-route-test-secret";

describe("the export and import routes", () => {
  let handle: DatabaseHandle;
  let dir: string;
  const cookies = {} as Record<Role, string>;
  const exportHandler = defineRoute(exportTenantRoute);
  const importHandler = defineRoute(importTenantRoute);
  const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-export-route-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    process.env.NEXTAUTH_SECRET = secret;
    delete process.env.NEXTAUTH_URL;
    handle = await createTestDatabase();
    const people = await handle.db.insert(users).values(ROLES.map((role) => ({ email: `${role}@routes.test` }))).returning();
    const [from, into] = await handle.db.insert(tenants).values([{ name: "From", slug: "from" }, { name: "Into", slug: "into" }]).returning();
    await withSystem("test", async (tx) => {
      await tx.insert(memberships).values(ROLES.flatMap((role, i) => [from!, into!].map((t) => ({ userId: people[i]!.id, tenantId: t.id, role }))));
      await tx.insert(tenantContext).values({ tenantId: from!.id, entityText: "Owerri", entityType: "place", authorityScore: 0.9 });
    });
    for (const [i, role] of ROLES.entries()) cookies[role] = await sessionCookie(people[i]!, secret);
  });

  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const download = (role: Role, query = "") => exportHandler(new NextRequest(`http://localhost/api/t/from/export${query}`, { headers: { cookie: cookies[role] } }), params("from"));

  function upload(role: Role, archive: Uint8Array, query = "", headers: Record<string, string> = {}) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(archive)]), "from-export.zip");
    return importHandler(new NextRequest(`http://localhost/api/t/into/import${query}`, { method: "POST", body: form, headers: { cookie: cookies[role], ...headers } }), params("into"));
  }

  const leftoverTempFiles = async () => (await readdir(path.join(dir, "files", "tmp")).catch(() => [])).length;

  it("serves the owner a zip attachment named after the workspace and the day", async () => {
    const response = await download("owner", "?files=0");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="from-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const files = await unzip(Buffer.from(await response.arrayBuffer()));
    expect(files.get(ENTRY.glossary)!.toString("utf8")).toContain('"entity_text":"Owerri"');
  });

  it.each(["admin", "member", "viewer"] as const)("answers 403 to the %s role", async (role) => {
    const response = await download(role);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden:scope" } });
  });

  it("previews with dryRun=1, then imports, and leaves no temporary file behind", async () => {
    const archive = new Uint8Array(await (await download("owner", "?files=0")).arrayBuffer());
    const preview = await upload("member", archive, "?dryRun=1");
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ preview: { glossary: { new: 1, present: 0, invalid: 0 }, corrections: { new: 0 } } });

    const imported = await upload("member", archive);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ imported: { corrections: { added: 0, present: 0 }, glossary: { added: 1, updated: 0, unchanged: 0 } } });
    expect(await leftoverTempFiles()).toBe(0);
  });

  it("refuses a viewer before reading the upload, and an archive over the size limit with 413", async () => {
    const viewer = await upload("viewer", new Uint8Array([1, 2, 3]));
    expect(viewer.status).toBe(403);
    const tooLarge = await upload("member", new Uint8Array([1, 2, 3]), "", { "content-length": String(IMPORT_LIMITS.archiveBytes + 1024 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error).toMatchObject({ code: "too_large:import", message: expect.stringMatching(/100 MB import limit\. Export the other workspace without document files/) });
  });

  it("answers 400 with the reason for a file that is not an export", async () => {
    const response = await upload("member", new TextEncoder().encode("hello"), "?dryRun=1");
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/not a zip archive/);
    expect(await leftoverTempFiles()).toBe(0);
  });
});
