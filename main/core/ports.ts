/**
 * Ports: everything the core needs from the outside world, passed in as arguments.
 * The core never imports `electron`; the Electron shell (main/electron/) and the tests
 * provide these. Shapes follow GitHub Desktop / VS Code: small interfaces, no globals.
 */

/** The OS keychain, keytar-shaped (three methods, no enumeration: security.md item 20). */
export interface KeychainPort {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** A JSON document store with electron-store / conf semantics (atomic writes are the adapter's job). */
export interface SettingsPort {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Opens a URL in the system browser (Electron: shell.openExternal). Security.md item 3. */
export interface BrowserOpenerPort {
  open(url: string): Promise<void>;
  /** Puts an address main built on the system clipboard ("Copy link" of a pending sign-in). Optional: absent -> copying is refused. */
  copyLink?(url: string): Promise<void>;
}

export interface TimerHandle {
  cancel(): void;
}

/** Wall clock and timers, injectable so token-lifetime tests can use fake time. */
export interface ClockPort {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-request deadline (connect + headers + body), default 15 s. */
  timeoutMs?: number;
  /** Largest body accepted, default 2 MiB. Larger -> HttpError code `response_too_large`. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Plain HTTP, no redirects followed (security.md item 37: a redirect to another host is a typed error,
 * not a silent hop). Network failures reject with HttpError; any status resolves.
 */
export interface HttpPort {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** Diagnostics. Everything passed here goes through redact() first (security.md item 38). */
export interface LoggerPort {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const systemClock: ClockPort = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    // Node caps timers at 2^31-1 ms; longer waits are re-armed by the caller's scheduler.
    const t = setTimeout(fn, Math.min(ms, 2_147_483_000));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

export const silentLogger: LoggerPort = { info() {}, warn() {}, error() {} };
