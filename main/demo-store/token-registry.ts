/**
 * In-memory state of the Demo store's authorization server: pending consent requests,
 * authorization codes, and token families (one family = the tokens descending from one code).
 * Codes and tokens are random and opaque; only their SHA-256 is kept as the map key, so the
 * registry itself holds no usable secret.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PendingConsent {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  scopes: string[];
  codeChallenge: string;
  expiresAt: number;
}

export interface CodeRecord {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
  familyId: string;
}

interface Family {
  clientId: string;
  /** The scope the refresh tokens carry (RFC 6749 §6: a new refresh token keeps the original scope). */
  scopes: string[];
  revoked: boolean;
  accessKeys: Set<string>;
  refreshKeys: Set<string>;
}

export interface AccessRecord {
  kind: 'access';
  familyId: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

export interface RefreshRecord {
  kind: 'refresh';
  familyId: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  used: boolean;
}

export type TokenRecord = AccessRecord | RefreshRecord;

function key(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** 256 bits of randomness, base64url (RFC 6749 §10.10: guessing must be infeasible). */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * What survives a restart (./persisted-state.ts): token families and token records, keyed by the
 * SHA-256 of each token, never a token itself. Consents and codes live a minute and are not kept.
 */
export interface RegistrySnapshot {
  families: Array<{ id: string; clientId: string; scopes: string[]; revoked: boolean; accessKeys: string[]; refreshKeys: string[] }>;
  tokens: Array<{ key: string } & TokenRecord>;
}

/** Expired tokens are kept this long after expiry (a late replay of a rotated refresh token still revokes its family). */
const KEEP_EXPIRED_MS = 24 * 3600_000;

export class TokenRegistry {
  readonly #now: () => number;
  /** Called after every change to issued tokens (the store persists them then). */
  onChange: () => void = () => {};
  readonly #consents = new Map<string, PendingConsent>();
  readonly #codes = new Map<string, CodeRecord>();
  readonly #families = new Map<string, Family>();
  readonly #tokens = new Map<string, TokenRecord>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Stores a validated authorization request; the returned id is the consent form's only handle. */
  addConsent(consent: PendingConsent): string {
    this.#prune();
    const id = randomToken();
    this.#consents.set(key(id), consent);
    return id;
  }

  /** One-time: the request id is consumed whatever the decision. */
  takeConsent(id: string): PendingConsent | undefined {
    const k = key(id);
    const consent = this.#consents.get(k);
    this.#consents.delete(k);
    if (!consent || consent.expiresAt <= this.#now()) return undefined;
    return consent;
  }

  issueCode(record: Omit<CodeRecord, 'used' | 'familyId'>): string {
    const code = randomToken();
    const familyId = randomToken();
    this.#codes.set(key(code), { ...record, used: false, familyId });
    return code;
  }

  findCode(code: string): CodeRecord | undefined {
    return this.#codes.get(key(code));
  }

  /** Starts a token family for a redeemed code. */
  openFamily(familyId: string, clientId: string, scopes: string[]): void {
    this.#families.set(familyId, { clientId, scopes, revoked: false, accessKeys: new Set(), refreshKeys: new Set() });
  }

  familyScopes(familyId: string): string[] {
    return this.#families.get(familyId)?.scopes ?? [];
  }

  issueAccessToken(familyId: string, scopes: string[], lifetimeSec: number): string {
    const family = this.#families.get(familyId);
    if (!family || family.revoked) throw new Error('token family is not active');
    const token = randomToken('demo_at_');
    const now = this.#now();
    const k = key(token);
    this.#tokens.set(k, { kind: 'access', familyId, clientId: family.clientId, scopes, issuedAt: now, expiresAt: now + lifetimeSec * 1000 });
    family.accessKeys.add(k);
    this.onChange();
    return token;
  }

  issueRefreshToken(familyId: string, lifetimeSec: number): string {
    const family = this.#families.get(familyId);
    if (!family || family.revoked) throw new Error('token family is not active');
    const token = randomToken('demo_rt_');
    const now = this.#now();
    const k = key(token);
    this.#tokens.set(k, {
      kind: 'refresh',
      familyId,
      clientId: family.clientId,
      scopes: family.scopes,
      issuedAt: now,
      expiresAt: now + lifetimeSec * 1000,
      used: false,
    });
    family.refreshKeys.add(k);
    this.onChange();
    return token;
  }

  /** The record of a token, active or not (callers check `isActive`). */
  find(token: string): TokenRecord | undefined {
    return this.#tokens.get(key(token));
  }

  isActive(record: TokenRecord): boolean {
    const family = this.#families.get(record.familyId);
    if (!family || family.revoked) return false;
    if (record.kind === 'refresh' && record.used) return false;
    return record.expiresAt > this.#now();
  }

  /** A token that is present, unexpired, unrevoked (and for refresh tokens, unused). */
  findActive(token: string): TokenRecord | undefined {
    const record = this.find(token);
    return record && this.isActive(record) ? record : undefined;
  }

  /** Revokes one access token only (RFC 7009 §2.1 leaves the rest of the grant to the server). */
  revokeAccessToken(token: string): void {
    const k = key(token);
    const record = this.#tokens.get(k);
    if (record?.kind !== 'access') return;
    this.#tokens.delete(k);
    this.#families.get(record.familyId)?.accessKeys.delete(k);
    this.onChange();
  }

  /** Kills every token of a family (refresh reuse, code reuse, refresh-token revocation). */
  revokeFamily(familyId: string): void {
    const family = this.#families.get(familyId);
    if (!family) return;
    family.revoked = true;
    for (const k of family.accessKeys) this.#tokens.delete(k);
    family.accessKeys.clear();
    this.onChange();
  }

  /** Every token of every family stops working (a "password change"). */
  revokeAll(): void {
    for (const id of this.#families.keys()) this.revokeFamily(id);
    this.#consents.clear();
  }

  /** Families and token records (hashes only), without tokens long expired. */
  snapshot(): RegistrySnapshot {
    const cutoff = this.#now() - KEEP_EXPIRED_MS;
    const tokens: RegistrySnapshot['tokens'] = [];
    for (const [key, record] of this.#tokens) if (record.expiresAt > cutoff) tokens.push({ key, ...record });
    const live = new Set(tokens.map((t) => t.key));
    const families: RegistrySnapshot['families'] = [];
    for (const [id, f] of this.#families) {
      const accessKeys = [...f.accessKeys].filter((k) => live.has(k));
      const refreshKeys = [...f.refreshKeys].filter((k) => live.has(k));
      if (accessKeys.length > 0 || refreshKeys.length > 0)
        families.push({ id, clientId: f.clientId, scopes: [...f.scopes], revoked: f.revoked, accessKeys, refreshKeys });
    }
    return { families, tokens };
  }

  /** Puts back what snapshot() returned (at start, before the store listens). */
  restore(snapshot: RegistrySnapshot): void {
    for (const f of snapshot.families) {
      this.#families.set(f.id, {
        clientId: f.clientId,
        scopes: [...f.scopes],
        revoked: f.revoked,
        accessKeys: new Set(f.accessKeys),
        refreshKeys: new Set(f.refreshKeys),
      });
    }
    for (const { key: k, ...record } of snapshot.tokens) this.#tokens.set(k, record as TokenRecord);
  }

  #prune(): void {
    const now = this.#now();
    for (const [k, c] of this.#consents) if (c.expiresAt <= now) this.#consents.delete(k);
    // Used codes are kept a while past expiry so a late replay still revokes its family.
    for (const [k, c] of this.#codes) if (c.expiresAt + 3600_000 <= now) this.#codes.delete(k);
  }
}
