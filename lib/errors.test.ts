import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError, toAppError } from "./errors";

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
});
