import { ErrorCode, type ErrorView } from '../../shared/error-codes.ts';
import { redactText } from './log/redact.ts';

export { ErrorCode };

/**
 * Base class of every error the core throws on purpose. `message` is written for a person and must
 * never hold a token, code, verifier or secret: it is redacted once more on construction anyway.
 */
export class StorelinkError extends Error {
  readonly code: ErrorCode;
  override readonly name: string = 'StorelinkError';
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(redactText(message), options);
    this.code = code;
  }
  toView(): ErrorView {
    return { code: this.code, message: this.message };
  }
}

/** A step of the OAuth flow failed (callback, state, iss, PKCE, consent). */
export class AuthorizationError extends StorelinkError {
  override readonly name = 'AuthorizationError';
}

/** The token endpoint answered with an error or a malformed response (RFC 6749 §5.2). */
export class TokenEndpointError extends StorelinkError {
  override readonly name = 'TokenEndpointError';
  readonly oauthError: string | undefined;
  readonly status: number | undefined;
  constructor(code: ErrorCode, message: string, details: { oauthError?: string; status?: number; cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.oauthError = details.oauthError;
    this.status = details.status;
  }
}

/** Transport failures: unreachable host, timeout, oversize or redirecting responses. */
export class HttpError extends StorelinkError {
  override readonly name = 'HttpError';
  readonly status: number | undefined;
  constructor(code: ErrorCode, message: string, details: { status?: number; cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.status = details.status;
  }
}

/** The OS keychain or the settings file cannot be used. */
export class StorageError extends StorelinkError {
  override readonly name = 'StorageError';
}

/** A caller passed something malformed (IPC argument, form field, provider id). */
export class InputError extends StorelinkError {
  override readonly name = 'InputError';
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(ErrorCode.InvalidInput, message);
    this.field = field;
  }
}

/** A provider API call failed in a way the caller should show (401 after refresh, 403 scope, 429). */
export class ApiError extends StorelinkError {
  override readonly name = 'ApiError';
  readonly status: number | undefined;
  readonly missingScope: string | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(code: ErrorCode, message: string, details: { status?: number; missingScope?: string; retryAfterMs?: number; cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.status = details.status;
    this.missingScope = details.missingScope;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Turns anything thrown into the `{ code, message }` that may cross IPC (no stack, no cause). */
export function toErrorView(err: unknown): ErrorView {
  if (err instanceof StorelinkError) return err.toView();
  return { code: ErrorCode.Internal, message: 'Something went wrong inside Storelink. Details are in the diagnostics log.' };
}
