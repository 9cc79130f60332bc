import { afterEach, describe, expect, it, vi } from "vitest";
import { readinessSources, registerReadinessSource, type ReadinessSource } from "./readiness-sources";

const source = (name: string, queued: number): ReadinessSource => ({ name, read: async () => ({ queued }) });

describe("readiness sources", () => {
  const removals: (() => void)[] = [];
  afterEach(() => removals.splice(0).forEach((remove) => remove()));

  it("lists what was registered until it is removed", () => {
    const pool = source("pool", 1);
    removals.push(registerReadinessSource(pool), registerReadinessSource(source("exports", 2)));
    expect(readinessSources().map((s) => s.name)).toEqual(["pool", "exports"]);
    removals.shift()!();
    expect(readinessSources().map((s) => s.name)).toEqual(["exports"]);
  });

  it("replaces a source of the same name, and the replaced one's removal leaves the new one", async () => {
    const removeOld = registerReadinessSource(source("pool", 1));
    removals.push(registerReadinessSource(source("pool", 7)));
    removeOld();
    expect(readinessSources()).toHaveLength(1);
    expect(await readinessSources()[0]!.read()).toEqual({ queued: 7 });
  });

  it("is one list for the whole process, whichever copy of the module registers (Next.js bundles start-up and routes apart)", async () => {
    vi.resetModules();
    const otherCopy = await import("./readiness-sources");
    expect(otherCopy.registerReadinessSource).not.toBe(registerReadinessSource);
    removals.push(otherCopy.registerReadinessSource(source("pool", 3)));
    expect(readinessSources().map((s) => s.name)).toEqual(["pool"]);
  });
});
