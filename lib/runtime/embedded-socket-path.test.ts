import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { embeddedSocketPath } from "./embedded-socket-path";

describe("embeddedSocketPath", () => {
  it("puts the socket in the data directory when the path fits a Unix socket", () => {
    expect(embeddedSocketPath("/srv/console/data")).toBe("/srv/console/data/pglite.sock");
  });

  it("moves a socket whose path would not fit to a private folder under the temporary directory", () => {
    const socket = embeddedSocketPath(path.join("/srv", "x".repeat(120)));
    expect(path.dirname(path.dirname(socket))).toBe(os.tmpdir());
    expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(100);
    expect(statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);
  });
});
