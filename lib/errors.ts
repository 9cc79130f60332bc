import { isDatabaseUnavailable } from "@/lib/health/database-unavailable";

export type ErrorType =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "unsupported_type"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const DEFAULT_MESSAGE: Record<ErrorType, string> = {
  bad_request: "The request is not valid. Check the fields and try again.",
  unauthorized: "You need to sign in to do this.",
  forbidden: "Your role does not allow this. Ask an owner or admin of the workspace.",
  not_found: "That item does not exist, or you do not have access to it.",
  conflict: "That conflicts with something that already exists.",
  too_large: "That is larger than allowed.",
  unsupported_type: "That type of file is not supported.",
  rate_limited: "Too many requests. Wait a moment and try again.",
  unavailable: "The service is temporarily unavailable. Try again in a moment.",
  internal: "Something went wrong on our side. Try again; if it keeps happening, contact an admin.",
};

export const DATABASE_UNAVAILABLE_MESSAGE = "The database cannot be reached right now, so nothing was saved. Try again in a moment.";

/** How long a client should wait before retrying an "unavailable" answer (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

/** An error whose message is safe to show a user. Codes read `type:surface`, e.g. `not_found:document`. */
export class AppError extends Error {
  readonly type: ErrorType;
  readonly surface: string;
  readonly status: number;
  /** The input field the error is about (e.g. "topK", "context_sources.0.content"), for API clients; the message never names it. */
  readonly field?: string;

  constructor(code: `${ErrorType}:${string}`, message?: string, options: { field?: string } = {}) {
    const [type, surface = ""] = code.split(":") as [ErrorType, string?];
    super(message ?? DEFAULT_MESSAGE[type]);
    this.name = "AppError";
    this.type = type;
    this.surface = surface;
    this.status = STATUS[type];
    if (options.field) this.field = options.field;
  }

  get code(): string {
    return `${this.type}:${this.surface}`;
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }

  toResponse(): Response {
    return Response.json(this.toJSON(), { status: this.status, headers: this.type === "unavailable" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : undefined });
  }
}

/**
 * Turns any thrown value into a user-safe AppError, logging internal ones with their context. A lost
 * or refused database connection is a 503 that says so: the request did not go through, and the
 * same request will work once the database is back (the pool reconnects on its own).
 */
export function toAppError(error: unknown, context: Record<string, unknown> = {}): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) {
    console.error("database unavailable", { ...context, error });
    return new AppError("unavailable:database", DATABASE_UNAVAILABLE_MESSAGE);
  }
  console.error("internal error", { ...context, error });
  return new AppError("internal:server");
}
