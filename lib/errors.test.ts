import postgres from "postgres";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, DATABASE_UNAVAILABLE_MESSAGE, toAppError } from "./errors";
import { freePort } from "./testing/free-port";

describe("AppError", () => {
  afterEach(() => vi.restoreAllMocks());

  it("maps its type to a status and answers with a JSON error body", async () => {
    const error = new AppError("not_found:document");
    expect(error.status).toBe(404);
    expect(error.code).toBe("not_found:document");
    const response = error.toResponse();
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found:document", message: error.message } });
  });

  it("keeps a custom user-facing message", () => {
    expect(new AppError("bad_request:upload", "The file is empty.").message).toBe("The file is empty.");
  });

  it("turns unknown errors into a generic internal error and logs the original", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const wrapped = toAppError(new Error("connection string postgres://secret@db"), { route: "/x" });
    expect(wrapped.status).toBe(500);
    expect(wrapped.message).not.toMatch(/secret/);
    expect(log).toHaveBeenCalledWith("internal error", expect.objectContaining({ route: "/x" }));
  });

  it("turns a database that cannot be reached into a 503 that says nothing was saved, with Retry-After", async () => {
    const client = postgres(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, { max: 1 });
    const refused = await client`select 1`.catch((error: unknown) => error);
    await client.end();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const wrapped = toAppError(refused, { route: "/x" });
    expect(wrapped).toMatchObject({ code: "unavailable:database", status: 503, message: DATABASE_UNAVAILABLE_MESSAGE });
    expect(log).toHaveBeenCalledWith("database unavailable", expect.objectContaining({ route: "/x" }));
    const response = wrapped.toResponse();
    expect(response.headers.get("retry-after")).toBe("5");
    expect(await response.json()).toEqual({ error: { code: "unavailable:database", message: DATABASE_UNAVAILABLE_MESSAGE } });
  });
});
