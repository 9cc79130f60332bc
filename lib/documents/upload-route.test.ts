import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/connect";
import { auditLog, documents, memberships, tenants, users } from "@/db/schema";
import { defineRoute } from "@/lib/api/define-route";
import { MISSING_FILE_MESSAGE } from "@/lib/storage/object-storage";
import { withSystem } from "@/lib/tenancy/with-tenant";
import { makePdf } from "@/lib/testing/document-fixtures";
import { sessionCookie } from "@/lib/testing/session-cookie";
import { createTestDatabase } from "@/lib/testing/test-database";
import { downloadDocumentRoute, uploadDocumentRoute } from "./routes";

const secret = "upload-route-test-secret";

describe("the upload route", () => {
  let handle: DatabaseHandle;
  let dir: string;
  let cookie: string;
  const upload = defineRoute(uploadDocumentRoute);
  const download = defineRoute(downloadDocumentRoute);
  const params = { params: Promise.resolve({ slug: "up" }) };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tkc-upload-"));
    process.env.STORAGE_DIR = path.join(dir, "files");
    process.env.NEXTAUTH_SECRET = secret;
    process.env.MAX_UPLOAD_MB = "1";
    handle = await createTestDatabase();
    const [user] = await handle.db.insert(users).values({ email: "up@example.test" }).returning();
    const [tenant] = await handle.db.insert(tenants).values({ name: "Up", slug: "up" }).returning();
    await withSystem("test", (tx) => tx.insert(memberships).values({ userId: user!.id, tenantId: tenant!.id, role: "member" }));
    cookie = await sessionCookie(user!, secret);
  });

  afterAll(async () => {
    delete process.env.MAX_UPLOAD_MB;
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  function multipart(name: string, bytes: Uint8Array, field = "file") {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(bytes)]), name);
    return new NextRequest("http://localhost/api/t/up/documents", { method: "POST", body: form, headers: { cookie } });
  }

  const documentCount = async () => (await withSystem("test", (tx) => tx.select({ n: count() }).from(documents)))[0]!.n;
  const leftoverTempFiles = async () => (await readdir(path.join(dir, "files", "tmp")).catch(() => [])).length;

  it("stores a PDF, answers 201 with the queued document, and serves the original back as an attachment", async () => {
    const pdf = await makePdf([["Quarterly numbers"]]);
    const response = await upload(multipart("report.pdf", pdf), params);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ duplicate: false, document: { filename: "report.pdf", mimeType: "application/pdf", status: "pending", fileSize: pdf.length } });

    // Issue #19, item 6: a renamed re-upload said nothing and the other name was lost.
    const again = await upload(multipart("copy-of-report.pdf", pdf), params);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      duplicate: true,
      message: "Already uploaded as “report.pdf”; “copy-of-report.pdf” is recorded as another name of it.",
      document: { id: body.document.id, filename: "report.pdf", metadata: { otherNames: ["copy-of-report.pdf"] } },
    });
    const same = await upload(multipart("report.pdf", pdf), params);
    expect(await same.json()).toMatchObject({ duplicate: true, message: "Already in this workspace as “report.pdf”." });
    const [audited] = await withSystem("test", (tx) => tx.select().from(auditLog).where(eq(auditLog.action, "document.uploaded_again")));
    expect(audited).toMatchObject({ targetId: body.document.id, details: { after: { filename: "copy-of-report.pdf" } } });

    const file = await download(new NextRequest(`http://localhost/api/t/up/documents/${body.document.id}/download`, { headers: { cookie } }), {
      params: Promise.resolve({ slug: "up", id: body.document.id }),
    });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="report.pdf"/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);

    // The original vanished from disk: a clear 404 before any header, never a torn 200.
    await rm(path.join(dir, "files", (await withSystem("test", (tx) => tx.select().from(documents)))[0]!.storageKey));
    const gone = await download(new NextRequest(`http://localhost/api/t/up/documents/${body.document.id}/download`, { headers: { cookie } }), {
      params: Promise.resolve({ slug: "up", id: body.document.id }),
    });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: "not_found:file", message: MISSING_FILE_MESSAGE } });
  });

  // Issue #18, finding 9: non-ASCII file names were stored garbled ("CafÃ©").
  it("keeps a non-ASCII file name as it was sent, and downloads it under that name", async () => {
    const name = "Café – 東京 notes.txt";
    const response = await upload(multipart(name, new TextEncoder().encode("Notes from the Tokyo café.")), params);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.document.filename).toBe(name);
    const file = await download(new NextRequest(`http://localhost/api/t/up/documents/${body.document.id}/download`, { headers: { cookie } }), {
      params: Promise.resolve({ slug: "up", id: body.document.id }),
    });
    expect(file.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
  });

  it("keeps only the base name of a path-like file name, and refuses control characters in it", async () => {
    const response = await upload(multipart("../../etc/passwd.txt", new TextEncoder().encode("safe name please")), params);
    const body = await response.json();
    expect(body, JSON.stringify(body)).toHaveProperty("document");
    expect(body.document.filename).toBe("passwd.txt");
    // A control character makes the part header invalid multipart: refused before anything is kept.
    const before = await documentCount();
    const control = await upload(multipart("bell\u0007.txt", new TextEncoder().encode("ring")), params);
    expect(control.status).toBe(400);
    expect(await documentCount()).toBe(before);
  });

  it.each([
    ["an executable named .pdf", "invoice.pdf", new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]), 415, /not a supported type.*Supported: plain text/],
    ["a GIF named .md", "notes.md", new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0]), 415, /not a supported type/],
    ["an empty file", "empty.txt", new Uint8Array(), 400, /empty/],
    ["a file over MAX_UPLOAD_MB", "big.txt", new Uint8Array(1024 * 1024 + 10).fill(0x61), 413, /larger than the 1 MB limit/],
  ])("refuses %s with a clear message and keeps nothing", async (_case, name, bytes, status, message) => {
    const before = await documentCount();
    const response = await upload(multipart(name, bytes), params);
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toMatch(message);
    expect(await documentCount()).toBe(before);
    expect(await leftoverTempFiles()).toBe(0);
  });

  it("refuses a request without a file, with the wrong content type, or cut off mid-way", async () => {
    const noFile = await upload(multipart("x.txt", new TextEncoder().encode("x"), "attachment"), params);
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error.message).toMatch(/field named “file”/);

    const json = await upload(new NextRequest("http://localhost/api/t/up/documents", { method: "POST", body: "{}", headers: { cookie, "content-type": "application/json" } }), params);
    expect(json.status).toBe(400);

    const boundary = "----cut";
    const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.txt"\r\nContent-Type: text/plain\r\n\r\nhalf of a fi`;
    const cut = await upload(new NextRequest("http://localhost/api/t/up/documents", { method: "POST", body: truncated, headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` } }), params);
    expect(cut.status).toBe(400);
    expect((await cut.json()).error.message).toMatch(/cut off|not valid multipart/);
    expect(await leftoverTempFiles()).toBe(0);
  });
});
