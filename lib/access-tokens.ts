// Access tokens (docs/concepts.md#access-tokens, IBM Cloud's "use the API key to generate a token"): an API key is
// exchanged for a short-lived JWT signed with ES256 (jose). Services check it offline against the JWKS;
// Latchkey's own API also accepts it and still re-checks the key behind it on every request.
import { first, only } from "@/db/query";
import { randomUUID } from "node:crypto";
import { desc, eq, gt, isNull, or } from "drizzle-orm";
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWTPayload, type JWK } from "jose";
import { signingKeys, type SigningKey } from "@/db/schema";
import type { DB } from "@/db/connection";
import type { Actor } from "./actor";
import { effectiveAccess, type Access } from "./policy";
import { publicOrigin } from "./public-origin";

export const ALG = "ES256";
/** Longest lifetime an access token may have; a rolled signing key stays published this long. */
export const MAX_TOKEN_TTL_S = 3600;
export const DEFAULT_TOKEN_TTL_S = 900;

export function tokenTtlSeconds(): number {
  const v = Number(process.env.LATCHKEY_ACCESS_TOKEN_TTL);
  return Number.isInteger(v) && v >= 60 && v <= MAX_TOKEN_TTL_S ? v : DEFAULT_TOKEN_TTL_S;
}

/** Tokens name Latchkey's public origin as their issuer. */
export const issuer = publicOrigin;

async function newSigningKey(db: DB, now = new Date()): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  return await only(
    db.insert(signingKeys).values({ kid, alg: ALG, publicJwk, privateJwk, createdAt: now }).returning(),
  );
}

async function currentKey(db: DB): Promise<SigningKey | undefined> {
  return await first(
    db.select().from(signingKeys).where(isNull(signingKeys.rolledAt)).orderBy(desc(signingKeys.createdAt)),
  );
}

/** The key that signs now, created on first use (server start calls this too). */
export async function ensureSigningKey(db: DB): Promise<SigningKey> {
  return (await currentKey(db)) ?? (await newSigningKey(db));
}

/**
 * Rolls the signing key with an overlap: a new key signs from now on; the old one stays in the JWKS
 * (and keeps verifying) until every token it signed has expired. With `revoke` (a key thought exposed) the
 * old one leaves the JWKS at once: every running process stops accepting its tokens within a minute.
 */
export async function rollSigningKey(
  db: DB,
  now = new Date(),
  { revoke = false } = {},
): Promise<{ rolled: string | null; current: string }> {
  const old = await currentKey(db);
  if (old && revoke) await db.delete(signingKeys).where(eq(signingKeys.kid, old.kid));
  else if (old) await db.update(signingKeys).set({ rolledAt: now }).where(eq(signingKeys.kid, old.kid));
  const fresh = await newSigningKey(db, new Date(now.getTime() + 1));
  return { rolled: old?.kid ?? null, current: fresh.kid };
}

/** The keys that verify: the current one and those rolled less than MAX_TOKEN_TTL_S ago. */
async function publishedKeys(db: DB, now = Date.now()): Promise<SigningKey[]> {
  return await db
    .select()
    .from(signingKeys)
    .where(or(isNull(signingKeys.rolledAt), gt(signingKeys.rolledAt, new Date(now - MAX_TOKEN_TTL_S * 1000))))
    .orderBy(desc(signingKeys.createdAt));
}

export async function jwks(db: DB, now = Date.now()) {
  return { keys: (await publishedKeys(db, now)).map((k) => k.publicJwk as JWK) };
}

export interface AccessClaims extends JWTPayload {
  account_id: string;
  key_id: string;
  kind: string;
  role: string;
  permissions: Access;
  user_id: string | null;
}

/** Signs an access token for a verified key's actor. The caller audits the exchange. */
export async function issueAccessToken(db: DB, actor: Actor, now = Date.now()) {
  const key = await ensureSigningKey(db);
  const privateKey = await importJWK(key.privateJwk as JWK, ALG);
  const ttl = tokenTtlSeconds();
  const iat = Math.floor(now / 1000);
  // Never outlive the key it stands for.
  const keyExp = actor.key!.expiresAt === null ? Infinity : Math.floor(actor.key!.expiresAt / 1000);
  const exp = Math.min(iat + ttl, keyExp);
  const jti = randomUUID();
  const claims: Omit<AccessClaims, "iss" | "sub" | "iat" | "exp" | "jti"> = {
    account_id: actor.accountId,
    key_id: actor.key!.id,
    kind: actor.key!.kind,
    role: actor.role,
    permissions: effectiveAccess(actor.role, actor.key!.permissions),
    user_id: actor.userId,
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: "at+jwt" })
    .setIssuer(issuer())
    .setSubject(actor.key!.id)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(privateKey);
  return { token, jti, expiresIn: exp - iat, expiration: exp };
}

/**
 * Imported public keys by kid, each re-checked against the published set at most this long after it was
 * last seen there: a signing key that leaves the JWKS stops verifying in every process within a minute
 * (docs/operations.md#signing-keys), at the cost of one small query per kid per half minute.
 */
export const VERIFIER_RECHECK_MS = 30_000;
const verifiers = new Map<string, { key: CryptoKey | Uint8Array; checkedAt: number }>();

/** Verifies an access token's signature and lifetime; the caller re-checks the key behind it. */
export async function verifyAccessToken(db: DB, token: string, now = Date.now()): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify<AccessClaims>(
      token,
      async (header) => {
        const kid = header.kid ?? "";
        let v = verifiers.get(kid);
        if (!v || now - v.checkedAt >= VERIFIER_RECHECK_MS || now < v.checkedAt) {
          const row = (await publishedKeys(db, now)).find((s) => s.kid === kid);
          if (!row) {
            verifiers.delete(kid);
            throw new Error("unknown kid");
          }
          v = { key: v?.key ?? (await importJWK(row.publicJwk as JWK, ALG)), checkedAt: now };
          verifiers.set(kid, v);
        }
        return v.key;
      },
      { issuer: issuer(), algorithms: [ALG], currentDate: new Date(now), typ: "at+jwt" },
    );
    if (typeof payload.key_id !== "string" || typeof payload.account_id !== "string") return null;
    return payload;
  } catch {
    return null;
  }
}

/** Cheap shape test: a JWT has three base64url parts. */
export const looksLikeJwt = (token: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
