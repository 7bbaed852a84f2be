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

// The page's own script. Swagger UI's dark palette (html.dark-mode) follows the system setting, like the
// console's. After each render it mends what axe finds in Swagger UI's markup, keeping the reference usable
// by keyboard: selects without a label get one; an operation's summary is a button holding a deep link
// (nested-interactive), so the link loses its href (the button opens the operation, and deep linking
// still updates the address); scrollable code blocks become focusable so they can be scrolled by keyboard.
const INIT = `(function () {
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  var theme = function () { document.documentElement.classList.toggle("dark-mode", dark.matches); };
  theme();
  dark.addEventListener("change", theme);

  var SELECT_LABELS = [
    [".servers", "Server"],
    [".response-control-media-type--accept-controller", "Media type of the response"],
    [".body-param-content-type", "Media type of the request body"],
    [".responses-inner", "Media type of the response"],
    [".content-type-wrapper", "Media type"],
    [".examples-select", "Example"],
  ];
  function labelFor(select) {
    for (var i = 0; i < SELECT_LABELS.length; i++) if (select.closest(SELECT_LABELS[i][0])) return SELECT_LABELS[i][1];
    var row = select.closest("tr[data-param-name]");
    if (row) return row.getAttribute("data-param-name");
    return "Choose a value";
  }
  function mend(root) {
    root.querySelectorAll("select").forEach(function (select) {
      var labelled = Array.prototype.some.call(select.labels || [], function (label) {
        return label.textContent.replace(select.textContent, "").trim() !== "";
      });
      if (labelled || select.hasAttribute("aria-label") || select.hasAttribute("aria-labelledby")) return;
      select.setAttribute("aria-label", labelFor(select));
    });
    root.querySelectorAll("textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])").forEach(function (field) {
      if (field.labels && field.labels.length) return;
      if (field.hasAttribute("aria-label") || field.hasAttribute("aria-labelledby")) return;
      var row = field.closest("tr[data-param-name]");
      var name = row ? row.getAttribute("data-param-name") : field.closest(".body-param") ? "Request body" : field.getAttribute("placeholder");
      if (name) field.setAttribute("aria-label", name);
    });
    root.querySelectorAll(".modal-ux:not([role])").forEach(function (modal) {
      var title = modal.querySelector(".modal-ux-header h3");
      modal.setAttribute("role", "dialog");
      modal.setAttribute("aria-modal", "true");
      if (title) {
        title.id = title.id || "lk-modal-title";
        modal.setAttribute("aria-labelledby", title.id);
      }
    });
    // A name that leaves out the visible word (label-content-name-mismatch): the visible word is the name.
    root.querySelectorAll(".modal-btn[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    root.querySelectorAll(".close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Close");
    });
    root.querySelectorAll("button a[href], [role=button] a[href]").forEach(function (link) {
      link.removeAttribute("href");
    });
    root.querySelectorAll("pre").forEach(function (pre) {
      if (pre.hasAttribute("tabindex") || pre.scrollWidth <= pre.clientWidth + 1) return;
      pre.setAttribute("tabindex", "0");
      pre.setAttribute("role", "region");
      pre.setAttribute("aria-label", "Code sample");
    });
  }
  window.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("api-reference");
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        mend(root);
      });
    }).observe(root, { childList: true, subtree: true });
    window.SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#api-reference", deepLinking: true, docExpansion: "list", defaultModelsExpandDepth: 0 });
  });
})();
`;

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
  /* Swagger UI's own colours where they fall short of 4.5:1 (light theme). */
  html:not(.dark-mode) .swagger-ui .info .title small { background: #5b6170; }
  html:not(.dark-mode) .swagger-ui .info .title small.version-stamp { background: #3a6b0a; }
  html:not(.dark-mode) .swagger-ui .info .url, html:not(.dark-mode) .swagger-ui .info a { color: #1d5fb4; }
  html:not(.dark-mode) .swagger-ui .btn.authorize { color: #0b7a4b; border-color: #0b7a4b; }
  html:not(.dark-mode) .swagger-ui .btn.authorize svg { fill: #0b7a4b; }
  html:not(.dark-mode) .swagger-ui .opblock .opblock-summary-method { color: #0b1220; text-shadow: none; }
  html:not(.dark-mode) .swagger-ui .btn.execute { background: #1d5fb4; border-color: #1d5fb4; }
  html:not(.dark-mode) .swagger-ui .btn.cancel { color: #b91c1c; border-color: #b91c1c; }
  html:not(.dark-mode) .swagger-ui .json-schema-2020-12-expand-deep-button { color: #4b5563; }
  html.dark-mode .swagger-ui .btn.cancel, html.dark-mode .swagger-ui .opblock .opblock-section-header .try-out__btn.cancel { color: #ff9c9c; border-color: #ff9c9c; }
  html.dark-mode .swagger-ui table.headers td, html.dark-mode .swagger-ui table.headers th { color: #e4e6e6; }
  :root { color-scheme: light dark; }
  @media (prefers-color-scheme: dark) {
    :root { color-scheme: dark; }
    body { color: #f1f5f9; background: #0f172a; }
    .lk-header { border-bottom-color: #334155; }
    .lk-logo { color: #f1f5f9; }
    .lk-mark { background: #93a6ff; color: #0f172a; }
    .lk-sub { color: #c2ccd9; }
    .lk-back, .lk-intro a { color: #b3c1ff; }
    .lk-intro { border-color: #334155; background: #1e293b; color: #d5dde8; }
    .lk-intro h1 { color: #f1f5f9; }
    .lk-intro code { color: #f1f5f9; }
    html.dark-mode, html.dark-mode .swagger-ui { background: #0f172a; }
    html.dark-mode .swagger-ui .scheme-container { background: #1e293b; box-shadow: 0 1px 2px 0 #334155; }
  }
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
