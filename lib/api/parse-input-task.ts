import { cleanSchema } from "@/lib/corrections/schemas";
import { parseJsonBody } from "./json-body";

/** Routes whose JSON bodies are parsed and validated on a pool thread (megabytes of text), by name. */
const SCHEMAS = { "corrections.clean": cleanSchema } as const;

export type OffThreadRoute = keyof typeof SCHEMAS;

export function isOffThreadRoute(name: string): name is OffThreadRoute {
  return Object.hasOwn(SCHEMAS, name);
}

/** Decodes, parses and validates one request body; runs on a pool thread. */
export function parseInputTask({ route, bytes }: { route: OffThreadRoute; bytes: Uint8Array }) {
  return parseJsonBody(bytes, SCHEMAS[route]);
}
