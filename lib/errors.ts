// Expected failures carry an error code of docs/api.md#errors and a message safe to show; anything else is internal.
export const ERROR_CODES = [
  "bad_request",
  "account_required",
  "unauthenticated",
  "invalid_key",
  "key_disabled",
  "key_expired",
  "forbidden",
  "ip_not_allowed",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "validation_failed",
  "rate_limited",
  "internal_error",
  "unavailable",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  account_required: 400,
  unauthenticated: 401,
  invalid_key: 401,
  key_disabled: 401,
  key_expired: 401,
  forbidden: 403,
  ip_not_allowed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
};

export class PublicError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "PublicError";
  }
  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

export const forbidden = (message = "You don't have permission to do that.") => new PublicError("forbidden", message);
export const notFound = (message = "Not found.") => new PublicError("not_found", message);
