import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// sun_path holds 108 bytes on Linux (104 on macOS), the terminating NUL included.
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * Where the embedded database's process listens: inside the data directory, which only its owner
 * should reach, or, when that path is too long for a Unix socket, in a fresh private (0700)
 * directory under the system's temporary folder.
 */
export function embeddedSocketPath(dataDir: string): string {
  const inDataDir = path.join(dataDir, "pglite.sock");
  if (Buffer.byteLength(inDataDir) <= MAX_SOCKET_PATH_BYTES) return inDataDir;
  return path.join(mkdtempSync(path.join(os.tmpdir(), "tkc-db-")), "pglite.sock");
}
