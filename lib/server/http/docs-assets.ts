// /docs: the API reference. A small static page served by the lean server; Swagger UI (swagger-ui-dist,
// no dependencies of its own) renders it in the browser from /api/v1/openapi.json — the description
// generated from the router's own route definitions, so the reference cannot drift from the API. The
// renderer's files are read from node_modules once, kept in memory and cached by browsers for a day.
// No inline script: the page's CSP allows scripts from this origin only.
import { createHash } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";

const require_ = createRequire(path.join(process.cwd(), "package.json"));

const FILES: Record<string, { file: string; type: string }> = {
  "/docs/assets/swagger-ui.js": { file: "swagger-ui-bundle.js", type: "text/javascript; charset=utf-8" },
  "/docs/assets/swagger-ui.css": { file: "swagger-ui.css", type: "text/css; charset=utf-8" },
};

const INIT = `window.addEventListener("DOMContentLoaded", function () {
  window.SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#api-reference", deepLinking: true, docExpansion: "list", defaultModelsExpandDepth: 0 });
});`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Latchkey</title>
<link rel="icon" href="/icon.svg">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<style>
  body { margin: 0; font-family: ui-sans-serif, system-ui, sans-serif; color: #0f172a; background: #fff; }
  .lk-header { border-bottom: 1px solid #e2e8f0; }
  .lk-bar { max-width: 72rem; margin: 0 auto; display: flex; align-items: center; gap: 1rem; height: 3.5rem; padding: 0 1rem; }
  .lk-logo { display: inline-flex; align-items: center; gap: .5rem; color: #0f172a; text-decoration: none; font-weight: 600; font-size: 1.125rem; }
  .lk-mark { display: grid; place-items: center; width: 2rem; height: 2rem; border-radius: .5rem; background: #3d55d6; color: #fff; font-size: .875rem; font-weight: 700; }
  .lk-sub { color: #475569; font-size: .875rem; }
  .lk-back { margin-left: auto; color: #3244b0; font-size: .875rem; font-weight: 500; }
  .lk-main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
  .lk-intro { border: 1px solid #e2e8f0; background: #f8fafc; border-radius: .5rem; padding: 1rem; font-size: .875rem; line-height: 1.5; color: #334155; }
  .lk-intro h1 { margin: 0 0 .25rem; font-size: 1rem; color: #0f172a; }
  .lk-intro a { color: #3244b0; }
  .swagger-ui .topbar { display: none; }
</style>
</head>
<body>
<header class="lk-header"><div class="lk-bar">
  <a class="lk-logo" href="/settings/user"><span class="lk-mark" aria-hidden="true">Lk</span>Latchkey</a>
  <span class="lk-sub">API reference</span>
  <a class="lk-back" href="/settings/user">Back to the console</a>
</div></header>
<main id="main" class="lk-main">
  <section class="lk-intro" aria-labelledby="intro">
    <h1 id="intro">Latchkey API</h1>
    <p>Send a key as <code>Authorization: Bearer &lt;key&gt;</code>. User keys (<code>lku_…</code>) also name the account in
    <code>X-Account-Id</code> (the Account ID on Settings → General); service and legacy keys belong to their own account.
    Every error is <code>{"error": {"code": "…", "message": "…"}}</code>; the codes and when they occur are in the table below.
    The description itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
  </section>
  <div id="api-reference"></div>
  <noscript>The reference needs JavaScript; the description itself is at /api/v1/openapi.json.</noscript>
</main>
<script src="/docs/assets/swagger-ui.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

/** The reference page's policy: its own scripts only, no inline script and no eval. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const cache = new Map<string, { body: Buffer; etag: string; type: string }>();

export const isDocsPath = (pathname: string) =>
  pathname === "/docs" || pathname === "/docs/" || pathname.startsWith("/docs/assets/");

export function serveDocs(req: IncomingMessage, res: ServerResponse): void {
  const pathname = (req.url ?? "/").split("?")[0]!;
  res.setHeader("Content-Security-Policy", DOCS_CSP);
  if (pathname === "/docs" || pathname === "/docs/" || pathname === "/docs/assets/init.js") {
    const html = pathname !== "/docs/assets/init.js";
    const body = html ? PAGE : INIT;
    res.writeHead(200, {
      "Content-Type": html ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8",
      "Cache-Control": "no-cache",
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  const entry = FILES[pathname];
  if (!entry || (req.method !== "GET" && req.method !== "HEAD")) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found");
    return;
  }
  let asset = cache.get(pathname);
  if (!asset) {
    // Resolved through Node's own module resolution, so it works from any working directory.
    const dir = path.dirname(require_.resolve("swagger-ui-dist/package.json"));
    const body = fs.readFileSync(path.join(dir, entry.file));
    asset = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`, type: entry.type };
    cache.set(pathname, asset);
  }
  if (req.headers["if-none-match"] === asset.etag) {
    res.writeHead(304, { ETag: asset.etag }).end();
    return;
  }
  res.writeHead(200, {
    "Content-Type": asset.type,
    "Content-Length": asset.body.length,
    ETag: asset.etag,
    "Cache-Control": "public, max-age=86400",
  });
  res.end(req.method === "HEAD" ? undefined : asset.body);
}
