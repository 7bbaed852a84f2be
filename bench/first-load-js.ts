// First-load JavaScript of the settings pages, gzipped (docs/performance.md#client-bundle; issue "A console people
// enjoy"): signs in to a running server, reads each page's HTML, and sums the gzipped size of every script it loads
// (each file counted once per page). Used by `npm run bench`; `npx tsx bench/first-load-js.ts <origin>` measures any
// running Latchkey with the demo data.
import { gzipSync } from "node:zlib";

export const SETTINGS_PAGES = [
  "/settings/user",
  "/settings/account/general",
  "/settings/account/team",
  "/settings/account/api-keys",
  "/settings/account/audit-log",
];

async function signIn(origin: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${origin}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie(), Origin: origin },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: origin }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${res.status})`);
  return cookie();
}

export async function measureFirstLoadJs(origin: string, email = "owner@acme.test", password = "latchkey-demo") {
  const cookie = await signIn(origin, email, password);
  const sizes = new Map<string, number>();
  const out: Record<string, number> = {};
  for (const path of SETTINGS_PAGES) {
    const html = await (await fetch(origin + path, { headers: { Cookie: cookie } })).text();
    // `noModule` scripts (Next's polyfills for browsers without ES modules, ~39 kB) are never fetched by
    // a browser that runs the console, so they are not counted.
    const tags = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"[^>]*>/g)].filter(
      (m) => !/\snomodule(=|\s|>)/i.test(m[0]),
    );
    const srcs = [...new Set(tags.map((m) => m[1]!))];
    let total = 0;
    for (const src of srcs) {
      if (!sizes.has(src))
        sizes.set(
          src,
          gzipSync(Buffer.from(await (await fetch(new URL(src, origin))).arrayBuffer()), { level: 9 }).length,
        );
      total += sizes.get(src)!;
    }
    out[path] = +(total / 1024).toFixed(1);
  }
  return out;
}

if (process.argv[1]?.endsWith("first-load-js.ts")) {
  const origin = process.argv[2] ?? "http://localhost:3000";
  measureFirstLoadJs(origin).then(
    (r) => console.log(r),
    (e) => (console.error(e), process.exit(1)),
  );
}
