// @latchkey/client — put Latchkey keys in front of your own Node services (docs/api.md#the-node-client).
//   const latchkey = new LatchkeyClient({ baseUrl: "https://keys.example.com" });
//   await latchkey.verifyKey("lku_…", { accountId, permission: "checks:write" });   // asks Latchkey
//   await latchkey.verifyAccessToken(jwt);                                          // offline, JWKS cached
// and middleware for node:http, Express-style and Fetch-API handlers that puts the verified principal on
// the request and answers refusals with Latchkey's error shape.
import { KeyObject, verify as verifySignature } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";

export type Resource = "checks" | "members" | "api_keys" | "audit_log";
export type AccessLevel = "none" | "read" | "write";
export type Permissions = Record<Resource, AccessLevel>;
export type Permission = `${Resource}:${"read" | "write"}`;

export type VerifyCode =
  | "valid"
  | "invalid_key"
  | "key_disabled"
  | "key_expired"
  | "account_required"
  | "forbidden"
  | "ip_not_allowed"
  | "rate_limited"
  | "insufficient_permission";

/** Who is calling your service, as Latchkey verified it. */
export interface Principal {
  keyId: string;
  kind: "user" | "service" | "legacy";
  accountId: string;
  role: "owner" | "admin" | "read_write" | "read_only";
  permissions: Permissions;
  userId: string | null;
  /** How it was verified: a key asked of Latchkey, or an access token checked offline. */
  via: "key" | "access_token";
}

export type Verdict =
  | { valid: true; principal: Principal; expiresAt: string | null }
  | { valid: false; code: Exclude<VerifyCode, "valid">; message: string };

export interface LatchkeyClientOptions {
  /** Latchkey's origin, e.g. https://keys.example.com */
  baseUrl: string;
  /** How long a fetched JWKS is trusted (default 10 minutes); an unknown `kid` refetches sooner. */
  jwksCacheMs?: number;
  fetch?: typeof fetch;
}

const MESSAGES: Record<Exclude<VerifyCode, "valid">, string> = {
  invalid_key: "The API key is not valid.",
  key_disabled: "This API key is disabled.",
  key_expired: "This API key has expired.",
  account_required: "User API keys need the X-Account-Id header naming the account.",
  forbidden: "This API key has no access to that account.",
  ip_not_allowed: "This API key may not be used from this address.",
  rate_limited: "Too many requests. Try again later.",
  insufficient_permission: "This API key does not allow that.",
};

/** The HTTP status Latchkey itself answers each refusal with. */
export const STATUS: Record<Exclude<VerifyCode, "valid">, number> = {
  invalid_key: 401,
  key_disabled: 401,
  key_expired: 401,
  account_required: 400,
  forbidden: 403,
  ip_not_allowed: 403,
  rate_limited: 429,
  insufficient_permission: 403,
};

const RANK: Record<AccessLevel, number> = { none: 0, read: 1, write: 2 };
const allows = (p: Permissions, permission: Permission) => {
  const [resource, level] = permission.split(":") as [Resource, "read" | "write"];
  return RANK[p[resource] ?? "none"] >= RANK[level];
};
const looksLikeJwt = (t: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(t);

interface AccessClaims extends JWTPayload {
  account_id: string;
  key_id: string;
  kind: Principal["kind"];
  role: Principal["role"];
  permissions: Permissions;
  user_id: string | null;
}

export class LatchkeyClient {
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly issuer: string;
  /** Public keys by kid as Node KeyObjects, for the synchronous signature check. */
  private readonly keyObjects = new Map<string, KeyObject>();

  constructor(options: LatchkeyClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.issuer = new URL(this.baseUrl).origin;
    this.fetchFn = options.fetch ?? fetch;
    // jose caches the key set, refetches it when a token names a kid it does not know (a roll), and
    // limits refetches to one per cooldown.
    this.jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", this.baseUrl), {
      cacheMaxAge: options.jwksCacheMs ?? 10 * 60_000,
      cooldownDuration: 30_000,
      ...(options.fetch ? { [customFetch]: (url: string, init: RequestInit) => this.fetchFn(url, init) } : {}),
    });
  }

  /** Asks Latchkey (POST /api/v1/keys/verify). Counts as a use of the key. */
  async verifyKey(key: string, options: { accountId?: string; permission?: Permission } = {}): Promise<Verdict> {
    const res = await this.fetchFn(`${this.baseUrl}/api/v1/keys/verify`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        key,
        ...(options.accountId ? { accountId: options.accountId } : {}),
        ...(options.permission ? { permission: options.permission } : {}),
      }),
    });
    if (res.status !== 200) {
      // A malformed request (400/422): say which, without echoing the key.
      const text = await res.text().catch(() => "");
      throw new Error(`Latchkey answered ${res.status} to a verification: ${text.slice(0, 200)}`);
    }
    const body = (await res.json()) as {
      valid: boolean;
      code: VerifyCode;
      key?: { id: string; kind: Principal["kind"] };
      account?: { id: string };
      role?: Principal["role"];
      permissions?: Permissions;
      userId?: string | null;
      expiresAt?: string | null;
    };
    if (!body.valid || body.code !== "valid") {
      const code = (body.code === "valid" ? "invalid_key" : body.code) as Exclude<VerifyCode, "valid">;
      return { valid: false, code, message: MESSAGES[code] ?? "The API key was refused." };
    }
    return {
      valid: true,
      principal: {
        keyId: body.key!.id,
        kind: body.key!.kind,
        accountId: body.account!.id,
        role: body.role!,
        permissions: body.permissions!,
        userId: body.userId ?? null,
        via: "key",
      },
      expiresAt: body.expiresAt ?? null,
    };
  }

  /**
   * Checks an access token offline: signature against the cached JWKS, issuer, lifetime. Latchkey is not
   * asked, so a key deleted after the token was issued still passes here until `exp` (15 minutes by default).
   */
  async verifyAccessToken(token: string, options: { permission?: Permission } = {}): Promise<Verdict> {
    try {
      const payload = await this.verifiedClaims(token);
      const principal: Principal = {
        keyId: payload.key_id,
        kind: payload.kind,
        accountId: payload.account_id,
        role: payload.role,
        permissions: payload.permissions,
        userId: payload.user_id ?? null,
        via: "access_token",
      };
      if (options.permission && !allows(principal.permissions, options.permission))
        return { valid: false, code: "insufficient_permission", message: MESSAGES.insufficient_permission };
      return { valid: true, principal, expiresAt: payload.exp ? new Date(payload.exp * 1000).toISOString() : null };
    } catch {
      return { valid: false, code: "invalid_key", message: "The access token is not valid or has expired." };
    }
  }

  /**
   * The claims of a token whose signature and lifetime hold. jose parses the token and fetches and caches
   * the JWKS (refetching on an unknown kid); the ES256 signature itself is checked with Node's crypto,
   * synchronously — WebCrypto's asynchronous verify costs about three times as much per token.
   */
  private async verifiedClaims(token: string): Promise<AccessClaims> {
    const header = decodeProtectedHeader(token);
    if (header.alg !== "ES256" || header.typ !== "at+jwt" || !header.kid) {
      return (
        await jwtVerify<AccessClaims>(token, this.jwks, {
          issuer: this.issuer,
          algorithms: ["ES256", "EdDSA"],
          typ: "at+jwt",
        })
      ).payload;
    }
    let key = this.keyObjects.get(header.kid);
    if (!key) {
      const found = await this.jwks(header, { payload: "", signature: "" } as never);
      key = found instanceof KeyObject ? found : KeyObject.from(found as CryptoKey);
      this.keyObjects.set(header.kid, key);
    }
    const dot = token.lastIndexOf(".");
    const ok = verifySignature(
      "sha256",
      Buffer.from(token.slice(0, dot)),
      { key, dsaEncoding: "ieee-p1363" },
      Buffer.from(token.slice(dot + 1), "base64url"),
    );
    if (!ok) throw new Error("bad signature");
    const claims = decodeJwt<AccessClaims>(token);
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== this.issuer) throw new Error("wrong issuer");
    if (typeof claims.exp !== "number" || claims.exp <= now) throw new Error("expired");
    if (typeof claims.nbf === "number" && claims.nbf > now) throw new Error("not yet valid");
    return claims;
  }

  /** A Bearer credential, whichever it is: an access token offline, a key by asking Latchkey. */
  async verifyBearer(
    authorization: string | null | undefined,
    options: { accountId?: string | null; permission?: Permission } = {},
  ): Promise<Verdict> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match)
      return {
        valid: false,
        code: "invalid_key",
        message: "Send an API key or access token as `Authorization: Bearer <…>`.",
      };
    const credential = match[1]!;
    if (looksLikeJwt(credential)) {
      const verdict = await this.verifyAccessToken(credential, { permission: options.permission });
      if (verdict.valid && options.accountId && verdict.principal.accountId !== options.accountId)
        return { valid: false, code: "forbidden", message: MESSAGES.forbidden };
      return verdict;
    }
    return this.verifyKey(credential, { accountId: options.accountId ?? undefined, permission: options.permission });
  }
}

export interface ProtectOptions {
  /** What the route needs, e.g. "checks:write". */
  permission?: Permission;
  /** A fixed account; otherwise the request's X-Account-Id header (needed with user keys). */
  accountId?: string;
}

function refusal(verdict: Extract<Verdict, { valid: false }>) {
  const headers: Record<string, string> = { "Content-Type": "application/json", "Cache-Control": "no-store" };
  if (STATUS[verdict.code] === 401) headers["WWW-Authenticate"] = 'Bearer realm="latchkey"';
  return {
    status: STATUS[verdict.code],
    headers,
    body: JSON.stringify({ error: { code: verdict.code, message: verdict.message } }),
  };
}

const headerOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** node:http: wraps a handler; `req.latchkey` holds the principal inside it. */
export function protectNode<Req extends IncomingMessage>(
  client: LatchkeyClient,
  options: ProtectOptions,
  handler: (req: Req & { latchkey: Principal }, res: ServerResponse) => unknown,
) {
  return async (req: Req, res: ServerResponse) => {
    let verdict: Verdict;
    try {
      verdict = await client.verifyBearer(headerOf(req.headers.authorization), {
        accountId: options.accountId ?? headerOf(req.headers["x-account-id"]) ?? null,
        permission: options.permission,
      });
    } catch {
      res
        .writeHead(503, { "Content-Type": "application/json" })
        .end(JSON.stringify({ error: { code: "unavailable", message: "Could not verify the credential." } }));
      return;
    }
    if (!verdict.valid) {
      const r = refusal(verdict);
      res.writeHead(r.status, r.headers).end(r.body);
      return;
    }
    (req as Req & { latchkey: Principal }).latchkey = verdict.principal;
    return handler(req as Req & { latchkey: Principal }, res);
  };
}

/** Express-style `(req, res, next)`: sets `req.latchkey`, or answers the refusal. */
export function latchkeyMiddleware(client: LatchkeyClient, options: ProtectOptions = {}) {
  return (req: IncomingMessage & { latchkey?: Principal }, res: ServerResponse, next: (error?: unknown) => void) => {
    protectNode(client, options, () => next())(req, res).catch(next);
  };
}

/** Fetch-API `(Request) => Response` handlers (Hono, Next route handlers, Deno, Bun, workers). */
export function protectFetch(
  client: LatchkeyClient,
  options: ProtectOptions,
  handler: (req: Request, principal: Principal) => Response | Promise<Response>,
) {
  return async (req: Request): Promise<Response> => {
    let verdict: Verdict;
    try {
      verdict = await client.verifyBearer(req.headers.get("authorization"), {
        accountId: options.accountId ?? req.headers.get("x-account-id"),
        permission: options.permission,
      });
    } catch {
      return Response.json(
        { error: { code: "unavailable", message: "Could not verify the credential." } },
        { status: 503 },
      );
    }
    if (!verdict.valid) {
      const r = refusal(verdict);
      return new Response(r.body, { status: r.status, headers: r.headers });
    }
    return handler(req, verdict.principal);
  };
}
