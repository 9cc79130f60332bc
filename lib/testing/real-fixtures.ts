import { readFileSync } from "node:fs";
import path from "node:path";

/** A committed fixture made by a real producer (the MAKE.md in its folder says how; images/ are made by pdf/MAKE.md). */
export function readRealFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(process.cwd(), "lib", "testing", "fixtures", "real", name)));
}
