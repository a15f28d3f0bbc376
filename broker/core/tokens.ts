import { Capability, type CapabilitySpec, EffectiveCapability, intersectSpecs } from './capability';
import { safeEqual } from './encoding';
import { AblyError, errors } from './errors';
import { decodeJwt, hmacBase64, looksLikeJwt, signJwt, splitKey, verifyHs256 } from './jwt';
import { Revocations } from './revocations';

export interface BrokerKeyConfig {
  /** 'appId.keyId:secret' */
  key: string;
  /** Default: everything (`{"*":["*"]}`). */
  capability?: CapabilitySpec;
}

interface KeyEntry {
  keyName: string;
  secret: string;
  capability: Capability;
}

/** Who is on the other end of a connection or REST request, and what they may do. */
export interface AuthContext {
  method: 'basic' | 'token';
  keyName: string;
  /** The identified clientId, if any (never '*'). */
  clientId: string | undefined;
  /** May act as any clientId (key auth, or a token with clientId '*'). */
  wildcard: boolean;
  capability: EffectiveCapability;
  /** Token expiry in epoch ms; null for key auth. */
  expiresAt: number | null;
  /** When the token was issued (JWT `iat`, epoch ms); null for key auth or no `iat`. */
  issuedAt: number | null;
}

export interface TokenDetails {
  token: string;
  keyName: string;
  issued: number;
  expires: number;
  capability: string;
  clientId?: string;
}

const MAX_TOKEN_TTL_MS = 24 * 3600 * 1000;
const DEFAULT_TOKEN_TTL_MS = 3600 * 1000;
const TOKEN_REQUEST_MAX_SKEW_MS = 10 * 60 * 1000;

/** Key lookup and credential verification. Keys are injected, never read from disk here. */
export class KeyStore {
  private readonly keys = new Map<string, KeyEntry>();
  private readonly nonces = new Map<string, number>();
  /** Parsed token capabilities by key name and capability string (see tokenCapability). */
  private readonly capabilities = new Map<string, EffectiveCapability>();
  /** Token revocations by clientId (POST /keys/{keyName}/revokeTokens). */
  readonly revocations = new Revocations();

  constructor(keys: BrokerKeyConfig[]) {
    for (const k of keys) this.add(k);
  }

  add(config: BrokerKeyConfig): void {
    const [keyName, secret] = splitKey(config.key);
    this.keys.set(keyName, {
      keyName,
      secret,
      capability: config.capability ? Capability.parse(config.capability) : Capability.all(),
    });
  }

  keyNames(): string[] {
    return [...this.keys.keys()];
  }

  /** Key auth: the full 'name:secret' string. */
  authenticateKey(key: string, clientId?: string): AuthContext {
    const i = key.indexOf(':');
    if (i <= 0) throw errors.invalidCredentials('Invalid key format');
    const entry = this.keys.get(key.slice(0, i));
    if (!entry) throw errors.invalidCredentials('Invalid credentials: unknown key');
    if (!safeEqual(entry.secret, key.slice(i + 1))) {
      throw errors.invalidCredentials('Invalid credentials: wrong key secret');
    }
    if (clientId !== undefined) checkClientIdValue(clientId);
    return {
      method: 'basic',
      keyName: entry.keyName,
      clientId,
      wildcard: true,
      capability: new EffectiveCapability(entry.capability, null),
      expiresAt: null,
      issuedAt: null,
    };
  }

  /**
   * Token auth with an Ably JWT (ours or the API's). Bad signature / unknown key are
   * reported as 40143 (a token error) so the SDK fetches a fresh token once before giving up.
   */
  async authenticateToken(
    token: string,
    clientId?: string,
    now = Date.now(),
  ): Promise<AuthContext> {
    if (!looksLikeJwt(token)) throw errors.tokenUnrecognised('Token unrecognised (not a JWT)');
    const { header, claims, signingInput, signature } = decodeJwt(token);
    if (header.alg !== 'HS256') throw errors.invalidJwt('Invalid JWT: only HS256 is supported');
    if (typeof header.kid !== 'string') throw errors.invalidJwt('Invalid JWT: missing kid');
    const entry = this.keys.get(header.kid);
    if (!entry) throw errors.tokenUnrecognised('Token unrecognised: unknown key name in kid');
    if (!(await verifyHs256(signingInput, signature, entry.secret))) {
      throw errors.tokenUnrecognised('Token unrecognised: signature verification failed');
    }
    if (typeof claims.exp !== 'number') throw errors.invalidJwt('Invalid JWT: missing exp');
    const expiresAt = Math.round(claims.exp * 1000);
    if (expiresAt <= now) throw errors.tokenExpired();

    const capability = this.tokenCapability(entry, claims['x-ably-capability']);
    const rawClient = claims['x-ably-clientId'];
    if (rawClient !== undefined && rawClient !== null && typeof rawClient !== 'string') {
      throw errors.invalidJwt('Invalid JWT: x-ably-clientId must be a string');
    }
    const tokenClientId = typeof rawClient === 'string' && rawClient !== '' ? rawClient : undefined;
    const wildcard = tokenClientId === '*';
    let resolved = wildcard ? undefined : tokenClientId;
    if (clientId !== undefined) {
      checkClientIdValue(clientId);
      if (!wildcard && clientId !== tokenClientId) {
        throw errors.incompatibleCredentials(
          `Mismatch between requested clientId (${clientId}) and token clientId (${tokenClientId ?? 'none'})`,
        );
      }
      resolved = clientId;
    }
    const issuedAt = typeof claims.iat === 'number' ? Math.round(claims.iat * 1000) : null;
    const auth: AuthContext = {
      method: 'token',
      keyName: entry.keyName,
      clientId: resolved,
      wildcard: wildcard && clientId === undefined,
      capability,
      expiresAt,
      issuedAt,
    };
    if (this.revocations.isRevoked(auth, now)) throw errors.tokenRevoked();
    return auth;
  }

  /**
   * The rights of a token's `x-ably-capability` under its key. One object per key and distinct
   * capability string, shared by every connection holding such a token (it is immutable, and
   * its per-channel cache depends only on the two capabilities).
   */
  private tokenCapability(entry: KeyEntry, raw: unknown): EffectiveCapability {
    const id = typeof raw === 'string' ? `${entry.keyName}\n${raw}` : undefined;
    const shared = id === undefined ? undefined : this.capabilities.get(id);
    if (shared && shared.key === entry.capability) return shared;
    let tokenCap: Capability | null = null;
    if (raw !== undefined) {
      try {
        tokenCap = Capability.parse(raw);
      } catch {
        throw errors.invalidJwt('Invalid JWT: x-ably-capability is not a capability');
      }
    }
    const capability = new EffectiveCapability(entry.capability, tokenCap);
    if (id !== undefined) {
      if (this.capabilities.size >= 4096) this.capabilities.clear();
      this.capabilities.set(id, capability);
    }
    return capability;
  }

  async authenticate(
    creds: { key?: string; token?: string; clientId?: string },
    now = Date.now(),
  ): Promise<AuthContext> {
    if (creds.key) return this.authenticateKey(creds.key, creds.clientId);
    if (creds.token) return this.authenticateToken(creds.token, creds.clientId, now);
    throw errors.noCredentials();
  }

  /** POST /keys/{keyName}/requestToken with a signed TokenRequest (RSA9). */
  async requestToken(keyName: string, body: unknown, now = Date.now()): Promise<TokenDetails> {
    const entry = this.keys.get(keyName);
    if (!entry) throw errors.notFound(`No key named ${keyName}`);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw errors.invalidBody('TokenRequest must be an object');
    }
    const req = body as Record<string, unknown>;
    if (req.keyName !== keyName) throw errors.invalidCredentials('TokenRequest keyName mismatch');
    const str = (v: unknown, name: string): string => {
      if (v === undefined || v === null) return '';
      if (typeof v === 'string') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return String(v);
      throw errors.invalidParameter(`TokenRequest ${name} has the wrong type`);
    };
    const ttl = str(req.ttl, 'ttl');
    const capability = str(req.capability, 'capability');
    const clientId = str(req.clientId, 'clientId');
    const timestamp = str(req.timestamp, 'timestamp');
    const nonce = str(req.nonce, 'nonce');
    if (typeof req.mac !== 'string' || !nonce || !timestamp) {
      throw errors.invalidCredentials('TokenRequest must be signed (mac, nonce, timestamp)');
    }
    const signText = `${keyName}\n${ttl}\n${capability}\n${clientId}\n${timestamp}\n${nonce}\n`;
    const mac = await hmacBase64(entry.secret, signText);
    if (!safeEqual(mac, req.mac))
      throw errors.invalidCredentials('TokenRequest mac does not match');
    const ts = Number(timestamp);
    if (!Number.isFinite(ts) || Math.abs(now - ts) > TOKEN_REQUEST_MAX_SKEW_MS) {
      throw errors.timestampNotCurrent();
    }
    this.rememberNonce(`${keyName}:${nonce}`, now);

    const ttlMs = ttl ? Number(ttl) : DEFAULT_TOKEN_TTL_MS;
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw errors.invalidParameter('Invalid ttl');
    if (ttlMs > MAX_TOKEN_TTL_MS) {
      throw errors.invalidParameter(`ttl ${ttlMs} exceeds the maximum of ${MAX_TOKEN_TTL_MS} ms`);
    }

    let spec: CapabilitySpec = entry.capability.spec;
    if (capability) {
      spec = intersectSpecs(entry.capability, Capability.parse(capability));
      if (Object.keys(spec).length === 0) {
        throw errors.notPermitted('Requested capability is not a subset of the key capability');
      }
    }
    if (clientId) checkClientIdValue(clientId === '*' ? 'wildcard' : clientId);
    const issued = now;
    const expires = now + ttlMs;
    // NumericDate may be fractional (RFC 7519 §2): ms precision keeps `expires` exactly
    // issued + ttl, and lets a revocation tell apart tokens issued within the same second.
    const claims: Record<string, unknown> = {
      iat: issued / 1000,
      exp: expires / 1000,
      'x-ably-capability': JSON.stringify(spec),
    };
    if (clientId) claims['x-ably-clientId'] = clientId;
    const token = await signJwt({ kid: keyName }, claims, entry.secret);
    const details: TokenDetails = {
      token,
      keyName,
      issued,
      expires,
      capability: JSON.stringify(spec),
    };
    if (clientId) details.clientId = clientId;
    return details;
  }

  private rememberNonce(id: string, now: number): void {
    if (this.nonces.has(id)) throw errors.nonceReplayed();
    if (this.nonces.size > 10_000) {
      for (const [n, t] of this.nonces)
        if (now - t > 2 * TOKEN_REQUEST_MAX_SKEW_MS) this.nonces.delete(n);
      if (this.nonces.size > 10_000) this.nonces.clear();
    }
    this.nonces.set(id, now);
  }
}

function checkClientIdValue(clientId: string): void {
  if (typeof clientId !== 'string' || clientId === '' || clientId === '*') {
    throw new AblyError(40012, 400, 'Invalid clientId');
  }
}
