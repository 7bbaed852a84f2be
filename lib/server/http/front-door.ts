// What every request meets before the API router or Next sees it. One place, so a rule cannot be
// forgotten by one route: the client IP, security headers, undecodable paths, body limits, server
// actions and sign-in posts from other sites, bodies Next cannot decode, connections with a body left
// unread, and (in server.ts) timeouts for clients that send slowly or not at all.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { bodyUnread, MAX_BODY_BYTES } from "./api-kit";

export const SERVER_TIMEOUTS = {
  /** A request's headers must arrive within this (Node's default is 60 s). */
  headersMs: 10_000,
  /** The whole request, body included. */
  requestMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: 5_000,
};

/**
 * A connection closed on an unread body lingers (as nginx's lingering close does): after the answer it
 * half-closes and discards what the client still sends, for at most this long and this many bytes, then
 * closes. Closing at once, with the client's bytes unread, makes the kernel answer them with a reset,
 * and a client still writing its body then gets EPIPE or ECONNRESET instead of the answer sent to it
 * (a 413, a 401). The caps keep "nobody makes the server read a refused body" (docs/security.md#the-front-door): a
 * client that goes on sending is cut off.
 */
export const LINGER = { ms: 2_000, bytes: 8 * 1024 * 1024 };

const lingering = new WeakSet<Socket>();

/**
 * Marks the connection of a request answered before its body was read: the rest of the body is read
 * and dropped here (nobody else reads it: the front door's refusals and the API's answers only), and
 * once the answer is sent the connection half-closes and lingers (LINGER above) instead of closing at
 * once. Call before the answer is written. Not for Next's answers: its handler may still be reading.
 */
export function closeAfterAnswer(req: IncomingMessage) {
  const socket = req.socket;
  if (lingering.has(socket)) return;
  lingering.add(socket);
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER.bytes) socket.destroy();
  });
  req.resume();
  // Node closes a `Connection: close` socket with destroySoon() once the answer is sent: end it (FIN),
  // then close when the body is complete, the client closes, or the time cap is reached.
  socket.destroySoon = function (this: Socket) {
    if (this.writable) this.end();
    // Closed once the answer has gone out (as Node's own destroySoon does).
    const close = () => (this.writableFinished ? this.destroy() : this.once("finish", () => this.destroy()));
    if (req.complete) return void close();
    const timer = setTimeout(() => this.destroy(), LINGER.ms);
    timer.unref();
    this.once("close", () => clearTimeout(timer));
    req.once("end", close);
    this.once("end", close);
  };
}

/** Bodies of console requests (server actions, sign-in): forms are small. */
export const MAX_CONSOLE_BODY_BYTES = 256 * 1024;

const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()";
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/** The page CSP: scripts only with this response's nonce (Next applies it to its own), no eval in production. */
export function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (dialogs, toasts) need 'unsafe-inline' for styles; scripts never get it.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers of every API answer, written in one go with the answer's own (lib/server/http/api-app.ts). */
export function apiSecurityHeaders(publicUrl = process.env.NEXTAUTH_URL): Record<string, string> {
  return { ...securityHeaders(publicUrl), "Content-Security-Policy": API_CSP };
}

export function securityHeaders(publicUrl: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (publicUrl?.startsWith("https://")) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

function refusal(status: number, code: string, message: string, api: boolean) {
  const body = api
    ? JSON.stringify({ error: { code, message } })
    : `<!doctype html><title>${status}</title><p>${message}</p><p><a href="/">Back to Latchkey</a></p>`;
  const headers = {
    ...apiSecurityHeaders(),
    "Content-Type": api ? "application/json" : "text/html; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    "Cache-Control": "no-store",
    Connection: "close",
  };
  return { body, headers };
}

function refuse(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  api: boolean,
  extra: Record<string, string> = {},
) {
  const { body, headers } = refusal(status, code, message, api);
  if (bodyUnread(res.req)) closeAfterAnswer(res.req);
  res.writeHead(status, { ...headers, ...extra });
  res.end(body);
}

/** What Next may have said about the body of an answer that is replaced: none of it fits the new one. */
const BODY_HEADERS = [
  "content-length",
  "content-type",
  "content-encoding",
  "transfer-encoding",
  "etag",
  "vary",
  "x-nextjs-cache",
  "x-nextjs-prerender",
  "x-action-revalidated",
  "x-action-redirect",
];

/**
 * Wraps the answer Next writes to a request it serves:
 * - Bodies (docs/security.md#the-front-door): an answer sent while the request body is still unread says
 *   `Connection: close`, and Node closes the connection once it is sent instead of reading the rest.
 * - For posts (server actions, next-auth), a 5xx is a body Next could not decode — console actions never
 *   throw (app/_server/action.ts), next-auth answers its own errors — so it becomes `400` with a short
 *   page of ours instead of Next's "Internal Server Error". `503` (the database does not answer) stays
 *   what it is: the client should retry.
 */
function guardAnswer(req: IncomingMessage, res: ServerResponse, decodeFailureIs400: boolean, api: boolean) {
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  let replacement: string | null = null;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    // Next's handler may still be reading this body: no lingering here (overriding its socket's close
    // made a malformed server-action post hang until the client gave up); Node closes after the answer.
    if (bodyUnread(req)) this.setHeader("Connection", "close");
    if (decodeFailureIs400 && status >= 500 && status !== 503 && !this.headersSent) {
      const { body, headers } = refusal(400, "bad_request", "The request body could not be read.", api);
      for (const name of BODY_HEADERS) this.removeHeader(name);
      replacement = body;
      return writeHead.call(this, 400, headers);
    }
    return (writeHead as (...args: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse["writeHead"];
  if (!decodeFailureIs400) return;
  // Next mostly sets statusCode and writes: headers go out with the first chunk, too late to replace
  // that chunk. So the status is looked at before any chunk is passed on.
  const replaced = () => {
    if (!res.headersSent && res.statusCode >= 500 && res.statusCode !== 503) res.writeHead(res.statusCode);
    return replacement !== null;
  };
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    if (!replaced()) return (write as (...a: unknown[]) => boolean).apply(this, args);
    const callback = args.find((a) => typeof a === "function") as ((error?: Error | null) => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  } as ServerResponse["write"];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (!replaced()) return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    const callback = args.find((a) => typeof a === "function") as (() => void) | undefined;
    const body = replacement;
    replacement = "";
    return (end as (...a: unknown[]) => ServerResponse).call(this, body, callback);
  } as ServerResponse["end"];
}

/** The ids of the server actions of the production build; a post naming any other is refused with 404. */
function loadServerActionIds(): Set<string> | null {
  try {
    const file = path.join(process.cwd(), ".next/server/server-reference-manifest.json");
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
      node?: Record<string, unknown>;
      edge?: Record<string, unknown>;
    };
    return new Set([...Object.keys(manifest.node ?? {}), ...Object.keys(manifest.edge ?? {})]);
  } catch {
    return null;
  }
}

export interface FrontDoorOptions {
  dev: boolean;
  isApiPath: (pathname: string) => boolean;
  trustProxy?: boolean;
  publicUrl?: string;
}

/**
 * Returns "api" or "next" for a request to pass on, or "done" when it has already been answered.
 * Headers set here with setHeader are kept by both the API router and Next.
 */
export function createFrontDoor({
  dev,
  isApiPath,
  trustProxy = process.env.TRUST_PROXY === "1",
  publicUrl = process.env.NEXTAUTH_URL,
}: FrontDoorOptions) {
  const baseHeaders = Object.entries(securityHeaders(publicUrl));
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
  const actionIds = dev ? null : loadServerActionIds();

  return (req: IncomingMessage, res: ServerResponse): "api" | "next" | "done" => {
    // Next keeps a client-sent X-Forwarded-For (and -Host): without a trusted proxy, anyone could pick
    // their rate-limit bucket, or the origin Next compares server actions against.
    if (!trustProxy) {
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
      delete req.headers["x-forwarded-host"];
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-port"];
      delete req.headers.forwarded;
    }
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const rawPath = q === -1 ? url : url.slice(0, q);
    let pathname: string;
    try {
      pathname = decodeURIComponent(rawPath);
    } catch {
      refuse(res, 400, "bad_request", "The request path is not valid percent-encoding.", rawPath.startsWith("/api/"));
      return "done";
    }
    const api = isApiPath(pathname);
    // The API writes the security headers itself with each answer (one writeHead, no per-header
    // validation); everything else gets them here. Pages replace the strict CSP with theirs below.
    if (!api) {
      for (const [name, value] of baseHeaders) res.setHeader(name, value);
      res.setHeader("Content-Security-Policy", API_CSP);
    }

    // Bodies: refuse a declared oversize at once; the API reads streamed bodies up to its own limit,
    // and Next's console requests must say how long they are (browsers always do).
    const limit = api ? MAX_BODY_BYTES : MAX_CONSOLE_BODY_BYTES;
    const length = req.headers["content-length"];
    if (length !== undefined && Number(length) > limit) {
      refuse(
        res,
        413,
        "payload_too_large",
        `The request body is larger than ${limit / 1024} KiB.`,
        api || pathname.startsWith("/api/"),
      );
      return "done";
    }
    if (!api && length === undefined && req.headers["transfer-encoding"]) {
      refuse(res, 411, "length_required", "Send a Content-Length.", pathname.startsWith("/api/"));
      return "done";
    }
    if (api) return "api";

    // Server actions and next-auth: only from this site's own pages (docs/security.md#the-front-door, "Every POST
    // outside the API needs this site's Origin"). Next runs a POST as a server action with a Next-Action header, but
    // also as a no-JS form post when it is multipart or URL-encoded, and next-auth's sign-in and sign-out are form
    // posts too. No other POST outside the API exists (pages and route handlers take none), so the rule is every POST
    // here: nothing depends on reading Content-Type the way Next does. Browsers send Origin with every POST; a missing,
    // "null" or foreign one is refused.
    const authPath = pathname.startsWith("/api/auth/");
    if (req.method === "POST") {
      const origin = req.headers.origin;
      const expected = publicOrigin ?? `http://${req.headers.host}`;
      if (!origin || origin !== expected) {
        refuse(res, 403, "forbidden", "Cross-site requests are refused.", authPath);
        return "done";
      }
      const action = req.headers["next-action"];
      if (action !== undefined && actionIds && (typeof action !== "string" || !actionIds.has(action))) {
        refuse(res, 404, "not_found", "No such action. Reload the page.", authPath);
        return "done";
      }
    }
    guardAnswer(req, res, req.method === "POST", authPath);

    // Pages: a fresh nonce per response. Next reads it from the request's CSP header and puts it on
    // its own scripts.
    const csp = pageCsp(randomBytes(16).toString("base64"), dev);
    req.headers["content-security-policy"] = csp;
    res.setHeader("Content-Security-Policy", csp);
    return "next";
  };
}
