import { toast } from "sonner";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NotAnswered, noticeWhenSlow, SLOW_AFTER_MS, waitAtMost } from "./slow-notice";

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(toast, "loading").mockImplementation(() => "");
  vi.spyOn(toast, "dismiss").mockImplementation(() => "");
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("noticeWhenSlow", () => {
  it("says nothing about work that settles within a second", () => {
    const settled = noticeWhenSlow();
    vi.advanceTimersByTime(SLOW_AFTER_MS - 1);
    settled();
    vi.advanceTimersByTime(10 * SLOW_AFTER_MS);
    expect(toast.loading).not.toHaveBeenCalled();
    expect(toast.dismiss).not.toHaveBeenCalled();
  });

  it("says the work is still going once a second passes, and takes that back when it settles", () => {
    const settled = noticeWhenSlow();
    vi.advanceTimersByTime(SLOW_AFTER_MS);
    expect(toast.loading).toHaveBeenCalledWith("Still working…", { id: expect.any(String) });
    const { id } = vi.mocked(toast.loading).mock.calls[0]![1] as { id: string };
    settled();
    expect(toast.dismiss).toHaveBeenCalledWith(id);
  });

  it("gives each piece of work its own notice", () => {
    const first = noticeWhenSlow();
    const second = noticeWhenSlow("Cleaning…");
    vi.advanceTimersByTime(SLOW_AFTER_MS);
    const ids = vi.mocked(toast.loading).mock.calls.map(([, options]) => (options as { id: string }).id);
    expect(new Set(ids).size).toBe(2);
    first();
    expect(toast.dismiss).toHaveBeenCalledTimes(1);
    second();
    expect(vi.mocked(toast.dismiss).mock.calls.map(([id]) => id)).toEqual(ids);
  });
});

describe("waitAtMost", () => {
  it("answers with the work's own result or error when it comes in time", async () => {
    await expect(waitAtMost(Promise.resolve(7), 1_000)).resolves.toBe(7);
    await expect(waitAtMost(Promise.reject(new Error("refused")), 1_000)).rejects.toThrow("refused");
  });

  it("stops waiting for work that has not answered in time", async () => {
    const waiting = waitAtMost(new Promise(() => {}), 5_000);
    const outcome = expect(waiting).rejects.toBeInstanceOf(NotAnswered);
    await vi.advanceTimersByTimeAsync(5_000);
    await outcome;
  });
});
