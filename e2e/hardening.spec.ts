// What an independent attack on the production build found (issue "Hardening"), one test per failure,
// over HTTP against the production server and in Chromium where a browser is the victim.
import fs from "node:fs";
import net from "node:net";
import http from "node:http";
import { expect, test, type APIResponse } from "@playwright/test";
import { BASE_URL } from "../playwright.config";
import { signIn, signUp, unique } from "./helpers";
import { acmeAccountId, makeAccount, makeKey } from "./support/db";

const LEGACY = "lka_DemoLegacyKey00000000000000000000McM6P";
const { hostname, port } = new URL(BASE_URL);

function expectSecurityHeaders(res: APIResponse | { headers(): Record<string, string> }) {
  const h = res.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["referrer-policy"]).toBe("same-origin");
}

/** Sends raw bytes and resolves with what the server answered (and whether it closed the socket). */
function rawRequest(bytes: string, { waitMs = 3_000, keepWriting }: { waitMs?: number; keepWriting?: boolean } = {}) {
  return new Promise<{ text: string; closed: boolean; elapsed: number }>((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let text = "";
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      clearInterval(writer);
      socket.destroy();
      resolve({ text, closed, elapsed: Date.now() - started });
    };
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.write(bytes);
    // A client that keeps sending body bytes it never finishes.
    const writer = keepWriting ? setInterval(() => socket.write("x".repeat(16_384)), 20) : undefined;
    timer = setTimeout(() => finish(false), waitMs);
  });
}

test("1. an undecodable path gets the API's error shape with the security headers, never a 500", async ({
  request,
}) => {
  for (const path of [
    "/api/v1/checks/%ZZ",
    "/api/v1/api-keys/%",
    "/api/v1/members/%c0%ae%c0%ae",
    "/nothing/%ZZ",
    "/api/v1/%E0%A4%A",
    "/settings/%",
  ]) {
    const res = await request.get(path, { headers: { Authorization: `Bearer ${LEGACY}` } });
    expect([400, 404], path).toContain(res.status());
    expectSecurityHeaders(res);
    if (path.startsWith("/api/")) expect((await res.json()).error.code).toBe("bad_request");
  }
});

test("2a. a declared oversized body is refused at once, before it is sent, on every kind of route", async () => {
  for (const [path, extra] of [
    ["/api/v1/leaks", ""],
    ["/api/v1/checks", `Authorization: Bearer ${LEGACY}\r\n`],
    ["/settings/user", "Next-Action: 0000\r\nOrigin: " + BASE_URL + "\r\n"],
    ["/api/auth/callback/credentials", ""],
  ] as const) {
    const { text, elapsed } = await rawRequest(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n${extra}Content-Length: 600000000\r\n\r\n[`,
    );
    expect(text, path).toMatch(/^HTTP\/1\.1 413/);
    expect(elapsed, path).toBeLessThan(2_000);
  }
});

test("2b. a streamed body is cut off at 64 KiB: 413 while the client is still sending", async () => {
  const LIMIT_OF_TEST = 50 * 1024 * 1024;
  const outcome = await new Promise<{ status?: number; body: string; sent: number }>((resolve) => {
    // Chunked: no Content-Length to refuse on, so the server has to count.
    const req = http.request(`${BASE_URL}/api/v1/leaks`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
    });
    let sent = 0;
    const writer = setInterval(() => {
      if (sent >= LIMIT_OF_TEST) return clearInterval(writer);
      req.write("[" + " ".repeat(16_382) + "\n");
      sent += 16_384;
    }, 5);
    req.on("response", (res) => {
      clearInterval(writer);
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode, body, sent });
        req.destroy();
      });
    });
    req.on("error", () => {
      clearInterval(writer);
      resolve({ body: "connection error", sent });
    });
  });
  expect(outcome.status).toBe(413);
  expect(JSON.parse(outcome.body).error.code).toBe("payload_too_large");
  // Answered long before the client would have finished.
  expect(outcome.sent).toBeLessThan(LIMIT_OF_TEST);
});

test("2c. a client that never finishes its headers is disconnected within the header timeout", async () => {
  test.setTimeout(30_000);
  const { closed, elapsed } = await rawRequest(`GET /api/v1/me HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `, {
    waitMs: 20_000,
  });
  expect(closed).toBe(true);
  expect(elapsed).toBeLessThan(15_000);
});

test("3. pages, API answers and error pages carry CSP (nonce, no eval), Permissions-Policy and the rest", async ({
  request,
  page,
}) => {
  for (const path of ["/login", "/api/v1/me", "/api/v1/nothing", "/no-such-page", "/api/health"]) {
    const res = await request.get(path);
    expectSecurityHeaders(res);
  }
  const login = await request.get("/login");
  const csp = login.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toMatch(/script-src [^;]*'strict-dynamic'/);
  // Every script Next put on the page carries this response's nonce.
  const html = await login.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // And the page still works under it: no CSP violation while signing in.
  const violations: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  await signIn(page, "reader@acme.test");
  expect(violations).toEqual([]);
  // The styled not-found page, with a way back.
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to Latchkey" })).toBeVisible();
});

test("4. a token in a leak report's URL is stored nowhere: audit log, CSV, notifications, the key's page", async ({
  browser,
  request,
}) => {
  const { id, token } = await makeKey("service", {
    accountId: await acmeAccountId(),
    role: "read_only",
    leakAction: "none",
    name: `Leaky ${Date.now()}`,
  });
  const report = await request.post("/api/v1/leaks", {
    data: [{ token, url: `https://ci.example/log?api_key=${token}` }],
  });
  expect(await report.json()).toEqual([{ token_hint: expect.any(String), label: "true_positive" }]);
  const secret = token.slice(4, 36);

  const audit = await request.get("/api/v1/audit-log?action=api_key.leaked", {
    headers: { Authorization: `Bearer ${LEGACY}` },
  });
  const auditText = await audit.text();
  expect(auditText).toContain("ci.example/log?api_key=lks_…");
  expect(auditText).not.toContain(secret);

  const ctx = await browser.newContext({ storageState: "e2e/.auth/owner.json" });
  for (const path of [
    "/settings/account/audit-log/export",
    "/api/notifications",
    `/settings/api-keys/${id}`,
    "/settings/account/api-keys",
  ]) {
    const res = await ctx.request.get(path);
    expect(res.status(), path).toBe(200);
    expect(await res.text(), path).not.toContain(secret);
  }
  await ctx.close();
});

test("5. sign-up refuses common and whitespace-only passwords with a clear message", async ({ page }) => {
  for (const password of ["password1234", "123456789012", "qwertyuiopas", "aaaaaaaaaaaa", "            "]) {
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Weak Walter");
    await page.getByLabel("Email").fill(unique("weak"));
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText(/too easy to guess|only spaces/)).toBeVisible();
    await expect(page).toHaveURL(/\/signup/);
  }
});

test("6. signing out ends the session on the server: a cookie kept from before opens nothing", async ({
  browser,
  playwright,
}) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signUp(page, "Cookie Keeper", unique("keeper"));
  const saved = await ctx.storageState();
  expect((await ctx.request.get("/api/notifications")).status()).toBe(200);

  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // Replay the cookie saved before sign-out.
  const replay = await playwright.request.newContext({ baseURL: BASE_URL, storageState: saved });
  expect((await replay.get("/api/notifications")).status()).toBe(401);
  const settings = await replay.get("/settings/user", { maxRedirects: 0 });
  expect(settings.status()).toBeGreaterThanOrEqual(300);
  expect(settings.status()).toBeLessThan(400);
  expect(settings.headers()["location"]).toContain("/login");
  await replay.dispose();
  await ctx.close();
});

// One browser sign-in per test: seven in one test took about 30 s on PostgreSQL under CI's load.
for (const callback of [
  "/%09/evil.test/",
  "/%0A/evil.test/",
  "/%0D/evil.test/",
  "//evil.test/",
  "/%5Cevil.test",
  "/.//evil.test/",
  "/%2e%2e//evil.test/",
]) {
  test(`7. after sign-in the browser stays on this site, whatever callbackUrl says: ${callback}`, async ({ page }) => {
    await page.goto(`/login?callbackUrl=${callback}`);
    await page.getByLabel("Email").fill("writer@acme.test");
    await page.getByLabel("Password").fill("latchkey-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${BASE_URL}/settings/user`);
  });
}

test("7. signed in, a callbackUrl or next that leaves the site redirects home", async ({ browser }) => {
  // Already signed in, a line feed in callbackUrl is a redirect home, not a 500.
  const ctx = await browser.newContext({ storageState: "e2e/.auth/reader.json" });
  const res = await ctx.request.get("/login?callbackUrl=/%0A/evil.test/", { maxRedirects: 0 });
  expect(res.status()).toBe(307);
  expect(res.headers()["location"]).toBe("/settings/user");
  // Dot segments that URL normalisation would turn into "//evil.test" (docs/security.md#redirects-after-sign-in):
  // refused, on sign-in's callbackUrl and sign-up's next alike.
  for (const target of [
    "/.//evil.test",
    "/..//evil.test",
    "/%2e//evil.test",
    "/%2E%2e//evil.test",
    "/a/..//evil.test",
    "/%252e//evil.test",
    "/settings/.",
  ]) {
    for (const [path, home] of [
      [`/login?callbackUrl=${encodeURIComponent(target)}`, "/settings/user"],
      [`/login?callbackUrl=${target}`, "/settings/user"],
      [`/signup?next=${encodeURIComponent(target)}`, "/settings/account/general"],
      [`/signup?next=${target}`, "/settings/account/general"],
    ]) {
      const redirected = await ctx.request.get(path!, { maxRedirects: 0 });
      expect(redirected.status(), path).toBe(307);
      expect(redirected.headers()["location"], path).toBe(home);
    }
  }
  await ctx.close();
});

test("server actions from another site, or naming no action, are refused quietly (403/404)", async ({ request }) => {
  const cross = await request.post("/settings/user", {
    headers: { "Next-Action": "7f00", Origin: "https://evil.test", "Content-Type": "text/plain" },
    data: "[]",
  });
  expect(cross.status()).toBe(403);
  const wrongScheme = await request.post("/settings/user", {
    headers: { "Next-Action": "7f00", Origin: BASE_URL.replace("http:", "https:"), "Content-Type": "text/plain" },
    data: "[]",
  });
  expect(wrongScheme.status()).toBe(403);
  const bogus = await request.post("/settings/user", {
    headers: { "Next-Action": "not-an-action", Origin: BASE_URL, "Content-Type": "text/plain" },
    data: "[]",
  });
  expect(bogus.status()).toBe(404);
  // A client-sent X-Forwarded-Host does not change what "same site" means.
  const forwarded = await request.post("/settings/user", {
    headers: {
      "Next-Action": "7f00",
      Origin: "https://evil.test",
      "X-Forwarded-Host": "evil.test",
      "Content-Type": "text/plain",
    },
    data: "[]",
  });
  expect(forwarded.status()).toBe(403);
});

test("GET /api/v1/api-keys pages with a cursor", async ({ request }) => {
  // An account of its own: tests running beside this one make keys in Acme while it pages.
  const { id: accountId } = await makeAccount();
  const admin = await makeKey("service", { accountId, role: "admin", name: "Pager" });
  for (let i = 0; i < 5; i++) await makeKey("service", { accountId, role: "read_only", name: `Paged ${i}` });
  const auth = { Authorization: `Bearer ${admin.token}` };
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await request.get(`/api/v1/api-keys?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { headers: auth });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { apiKeys: { id: string }[]; nextCursor: string | null };
    expect(body.apiKeys.length).toBeLessThanOrEqual(2);
    for (const k of body.apiKeys) {
      expect(seen.has(k.id)).toBe(false);
      seen.add(k.id);
    }
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 1000);
  const all = (await (await request.get("/api/v1/api-keys?limit=200", { headers: auth })).json()) as {
    apiKeys: unknown[];
  };
  expect(seen.size).toBe(all.apiKeys.length);
  expect(pages).toBeGreaterThanOrEqual(3);
  expect((await request.get("/api/v1/api-keys?cursor=garbage", { headers: auth })).status()).toBe(422);
  expect((await request.get("/api/v1/api-keys?limit=0", { headers: auth })).status()).toBe(422);
});

/** The ids of the build's server actions, as the browser would name them. */
function actionIds(): string[] {
  const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node?: Record<string, unknown>;
  };
  return Object.keys(manifest.node ?? {});
}

test("8. every POST Next would run as a server action, and every next-auth POST, needs this site's Origin (403 otherwise)", async ({
  request,
  playwright,
}) => {
  const [action] = actionIds();
  const kinds = {
    fetch: { "Next-Action": action!, "Content-Type": "text/plain;charset=UTF-8" },
    multipart: { "Content-Type": "multipart/form-data; boundary=x" },
    urlencoded: { "Content-Type": "application/x-www-form-urlencoded" },
  } as const;
  const bodies = {
    fetch: "[]",
    multipart: `--x\r\nContent-Disposition: form-data; name="$ACTION_ID_${action}"\r\n\r\n\r\n--x--\r\n`,
    urlencoded: "name=x",
  };
  const paths = [
    "/settings/account/api-keys",
    "/settings/user",
    "/login",
    "/signup",
    "/",
    "/no-such-page",
    "/api/auth/callback/credentials",
    "/api/auth/signout",
    "/api/auth/signin/credentials",
  ];
  for (const origin of [
    undefined,
    "null",
    "https://evil.test",
    BASE_URL.replace("http:", "https:"),
    `${BASE_URL}.evil.test`,
  ]) {
    for (const path of paths) {
      for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
        const res = await request.post(path, {
          headers: { ...kinds[kind], ...(origin ? { Origin: origin } : {}) },
          data: bodies[kind],
          maxRedirects: 0,
        });
        expect(res.status(), `${kind} POST ${path} from ${origin ?? "no Origin"}`).toBe(403);
      }
    }
  }
  // A signed-in browser's cookie does not change that: no Origin, no key.
  const ctx = await playwright.request.newContext({ baseURL: BASE_URL, storageState: "e2e/.auth/owner.json" });
  const res = await ctx.post("/settings/account/api-keys", {
    multipart: { [`$ACTION_ID_${action}`]: "", name: "no-origin" },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  await ctx.dispose();
  // With this site's Origin, next-auth still answers (sign-in works: auth.setup.ts signs in through a browser).
  const csrf = await request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await request.post("/api/auth/callback/credentials", {
    headers: { Origin: BASE_URL },
    form: { csrfToken, email: "reader@acme.test", password: "latchkey-demo", json: "true", callbackUrl: BASE_URL },
  });
  expect(signIn.status()).toBe(200);
});

test("9. malformed server-action and next-auth bodies are 400, never 500", async ({ browser, playwright }) => {
  test.setTimeout(180_000);
  // A user of its own: whatever an action makes of a garbage body happens to nobody else.
  const page = await (await browser.newContext()).newPage();
  await signUp(page, "Fuzz Felix", unique("fuzz"));
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  await page.context().close();
  const anonymous = await playwright.request.newContext({ baseURL: BASE_URL });
  const signedIn = await playwright.request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Cookie: cookies } });

  let seed = 20261201;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const ids = actionIds();
  const actionNames = [
    ...ids,
    "",
    "0",
    "7f" + "0".repeat(40),
    "x".repeat(5000),
    "$ACTION",
    "../../etc",
    "\u00ff\u00fe",
  ];
  const boundary = "----fuzz" + Math.floor(rand() * 1e9);
  const invalidUtf8 = Buffer.from([0xff, 0xfe, 0xc0, 0xae, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]);
  const part = (name: string | Buffer, value: string | Buffer, extra = "") =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`),
      Buffer.from(name),
      Buffer.from(`"${extra}\r\n\r\n`),
      Buffer.from(value),
      Buffer.from("\r\n"),
    ]);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const multipartBodies = (id: string): Buffer[] => [
    Buffer.from("garbage"),
    Buffer.concat([part(`$ACTION_ID_${id}`, "")]), // no closing boundary
    Buffer.concat([part(`$ACTION_ID_${id}`, ""), part("name", "x")]).subarray(0, 40 + Math.floor(rand() * 60)), // truncated mid-part
    Buffer.concat([
      part(`$ACTION_REF_1`, ""),
      part("1_$ACTION_ID_" + id, ""),
      part("1_$ACTION_KEY", "k"),
      part("0", '["$K1"]'),
      end,
    ]),
    Buffer.concat([part(`$ACTION_REF_1`, ""), part("1_$ACTION_ID_nope", ""), part("0", "not json"), end]),
    Buffer.concat([part("0", '["$@1"]'), part("1", '{"then":"$1:__proto__:then"}'), end]),
    Buffer.concat([part("0", '["$Q1","$K2","$T","$h3","$B0","$n1","$D"]'), end]),
    Buffer.concat([part("x".repeat(60_000), "v"), end]),
    Buffer.concat([part(invalidUtf8, invalidUtf8), end]),
    Buffer.concat([part("file", invalidUtf8, '; filename="a.bin"\r\nContent-Type: application/octet-stream'), end]),
    Buffer.concat([
      part(`$ACTION_ID_${id}`, ""),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nno name\r\n`),
      end,
    ]),
    Buffer.concat([Buffer.from(`--${boundary}\r\n\r\n\r\n`), end]),
    Buffer.from(`--${boundary}--\r\n`),
  ];
  const textBodies = [
    "",
    "[",
    "{",
    "{}",
    "null",
    "1",
    '"x"',
    "[]",
    '["$@1"]',
    '["$Q0"]',
    '["$K1"]',
    '["$F1"]',
    '["$T"]',
    '{"id":"x","bound":null}',
    '[{"__proto__":{"then":1}}]',
    "[" + "[".repeat(10_000),
    '"' + "\\u".repeat(100) + '"',
    "a=b&c=%ZZ",
    "%",
    "\u0000\u0001",
    JSON.stringify(["x".repeat(100_000)]),
  ];
  const pages = [
    "/settings/user",
    "/settings/account/api-keys",
    "/settings/account/general",
    "/login",
    "/signup",
    "/",
    "/invite/x",
    "/no-such-page",
  ];
  const auth = [
    "/api/auth/callback/credentials",
    "/api/auth/signout",
    "/api/auth/signin/credentials",
    "/api/auth/signin",
    "/api/auth/session",
    "/api/auth/csrf",
    "/api/auth/_log",
    "/api/auth/callback/nope",
    "/api/auth/x",
  ];

  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const jobs: (() => Promise<void>)[] = [];
  for (let i = 0; i < 1200; i++) {
    const id = pick(actionNames);
    const toAuth = i % 3 === 0;
    const path = toAuth ? pick(auth) : pick(pages);
    const shape = pick(["fetch", "multipart", "multipart-no-boundary", "urlencoded", "json", "none"] as const);
    const headers: Record<string, string> = { Origin: BASE_URL };
    let data: Buffer;
    if (shape === "multipart" || shape === "multipart-no-boundary") {
      headers["Content-Type"] =
        shape === "multipart" ? `multipart/form-data; boundary=${boundary}` : "multipart/form-data";
      data = pick(multipartBodies(id));
    } else {
      headers["Content-Type"] = {
        fetch: "text/plain;charset=UTF-8",
        urlencoded: "application/x-www-form-urlencoded",
        json: "application/json",
        none: "",
      }[shape];
      data = rand() < 0.15 ? invalidUtf8 : Buffer.from(pick(textBodies));
    }
    if (!headers["Content-Type"]) delete headers["Content-Type"];
    if (shape === "fetch" || rand() < 0.2) headers["Next-Action"] = id.replace(/[^\x20-\x7e]/g, "");
    if (rand() < 0.2)
      headers["Next-Router-State-Tree"] = pick([
        "garbage",
        "%5B%5D",
        encodeURIComponent('["",{"children":["x",{}]}]'),
        "%ZZ",
      ]);
    const ctx = rand() < 0.5 ? signedIn : anonymous;
    jobs.push(async () => {
      const res = await ctx.post(path, { headers, data, maxRedirects: 0, failOnStatusCode: false, timeout: 20_000 });
      statuses.set(res.status(), (statuses.get(res.status()) ?? 0) + 1);
      if (res.status() >= 500)
        failures.push(
          `${shape} POST ${path} Next-Action=${(headers["Next-Action"] ?? "-").slice(0, 20)} ${data.subarray(0, 60).toString("latin1")} → ${res.status()}`,
        );
    });
  }
  for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map((job) => job()));
  console.log("statuses:", Object.fromEntries([...statuses].sort()));
  expect(failures.slice(0, 30), `${failures.length} answers were 5xx`).toEqual([]);
  // And the console still works for that user afterwards.
  expect((await signedIn.get("/settings/user")).status()).toBe(200);
  await anonymous.dispose();
  await signedIn.dispose();
});

/**
 * Sends a request's headers, then body bytes as fast as the server takes them; resolves when the server
 * closes the connection (or after `waitMs`) with how much was written and what came back.
 */
function floodBody(head: string, { waitMs = 5_000, cap = 256 * 1024 * 1024 } = {}) {
  return new Promise<{ text: string; closed: boolean; written: number; elapsed: number }>((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    const chunk = Buffer.from(`4000\r\n${"x".repeat(0x4000)}\r\n`);
    let text = "";
    let written = 0;
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, written, elapsed: Date.now() - started });
    };
    const pump = () => {
      while (!settled && written < cap) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
    };
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.on("connect", () => {
      socket.write(head);
      pump();
    });
    const timer = setTimeout(() => finish(false), waitMs);
  });
}

test("10. an answer sent before the body was read closes the connection: nobody makes the server read a refused body", async () => {
  test.setTimeout(60_000);
  for (const [method, path, status] of [
    ["POST", "/api/v1/api-keys", 401], // no key: refused before any body is read
    ["GET", "/api/v1/me", 401], // a GET with a body
    ["POST", "/api/v1/nothing", 404],
    ["PUT", "/api/v1/api-keys", 405],
    ["POST", "/api/v1/me", 405],
  ] as const) {
    const { text, closed, written, elapsed } = await floodBody(
      `${method} ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    // The answer itself may be lost to the reset that closing on unread bytes causes; when it arrives,
    // it says that the connection closes.
    if (text) {
      expect(text, `${method} ${path}`).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(text.toLowerCase(), `${method} ${path}`).toContain("connection: close");
    }
    expect(closed, `${method} ${path}: the server kept reading (${written} bytes in ${elapsed} ms)`).toBe(true);
    expect(elapsed, `${method} ${path}`).toBeLessThan(3_000);
    // What the kernel buffers on both ends, not what the client would have gone on to send.
    expect(written, `${method} ${path}`).toBeLessThan(32 * 1024 * 1024);
  }
  // Pages: a body Next never reads (a 404, a page that takes no POST) closes the connection too.
  for (const [method, path] of [
    ["GET", "/no-such-page"],
    ["GET", "/login"],
  ] as const) {
    const { text, closed, elapsed } = await rawRequest(
      `${method} ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: 200000\r\n\r\n${"x".repeat(1000)}`,
      { waitMs: 5_000 },
    );
    expect(text, path).toMatch(/^HTTP\/1\.1 (200|404) /);
    expect(text.toLowerCase(), path).toContain("connection: close");
    expect(closed, path).toBe(true);
    expect(elapsed, path).toBeLessThan(3_000);
  }
});

test("11. requests whose body was read, or that had none, keep their connection alive", async () => {
  const body = JSON.stringify([{ token: "lku_notatoken" }]);
  const one = (method: string, path: string, withBody: boolean) =>
    `${method} ${path} HTTP/1.1\r\nHost: ${hostname}\r\n${withBody ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` : "\r\n"}`;
  for (const request of [
    one("POST", "/api/v1/leaks", true),
    one("GET", "/api/v1/me", false),
    one("GET", "/api/health", false),
    one("GET", "/login", false),
  ]) {
    const { text, closed } = await new Promise<{ text: string; closed: boolean }>((resolve) => {
      const socket = net.connect(Number(port), hostname);
      let text = "";
      socket.on("data", (d) => {
        text += d.toString("latin1");
        // Two complete answers on one connection.
        if ((text.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === 2)
          setTimeout(() => (socket.destroy(), resolve({ text, closed: false })), 200);
      });
      socket.on("close", () => resolve({ text, closed: true }));
      socket.write(request);
      setTimeout(() => socket.write(request), 500);
    });
    expect((text.match(/HTTP\/1\.1 \d{3} /g) ?? []).length, request.split("\r\n")[0]).toBe(2);
    expect(text.toLowerCase(), request.split("\r\n")[0]).not.toContain("connection: close");
    expect(closed).toBe(false);
  }
});
