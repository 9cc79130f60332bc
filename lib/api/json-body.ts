import type { z } from "zod";
import { findNulCharacter, NUL_IN_TEXT } from "./nul-characters";

/** Deeper than any input of ours; stops a deeply nested body before it reaches recursive code. */
export const JSON_DEPTH_LIMIT = 32;

/** A refused body, as data: it may be made on a pool thread, where an error's class does not survive. */
export interface BodyProblem {
  ok: false;
  code: "bad_request:encoding" | "bad_request:json" | "bad_request:input";
  message: string;
  field?: string;
}

/** How deeply arrays and objects nest in JSON text, counted without parsing it. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** JSON text as a value; an empty body is an empty object. */
export function parseJsonText(text: string): { ok: true; value: unknown } | BodyProblem {
  if (!text) return { ok: true, value: {} };
  if (nestingDepth(text) > JSON_DEPTH_LIMIT) return { ok: false, code: "bad_request:json", message: `The JSON body nests deeper than ${JSON_DEPTH_LIMIT} levels.` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, code: "bad_request:json", message: "The request body is not valid JSON." };
  }
}

export function decodeBody(bytes: Uint8Array): { ok: true; text: string } | BodyProblem {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, code: "bad_request:encoding", message: "The request body is not valid UTF-8." };
  }
}

/** A value checked the way every input is: no NUL characters (PostgreSQL text cannot hold them), then the schema. */
export function validateInput<S extends z.ZodType>(value: unknown, schema: S): { ok: true; input: z.infer<S> } | BodyProblem {
  const nul = findNulCharacter(value, "");
  if (nul !== null) return { ok: false, code: "bad_request:input", message: NUL_IN_TEXT, field: nul || undefined };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, input: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, code: "bad_request:input", message: first?.message ?? "The input is not valid.", field: first?.path.join(".") || undefined };
}

/** A JSON request body from its bytes to its validated input: all CPU work, so big bodies do it on a pool thread. */
export function parseJsonBody<S extends z.ZodType>(bytes: Uint8Array, schema: S): { ok: true; input: z.infer<S> } | BodyProblem {
  const decoded = decodeBody(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseJsonText(decoded.text);
  return parsed.ok ? validateInput(parsed.value, schema) : parsed;
}
