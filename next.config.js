/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  // @latchkey/domain is lib/ and db/, built once by scripts/build-server.mjs and shared with the API
  // server: app/ imports it as `@latchkey/domain/...` and Next loads it at run time instead of bundling a copy, so
  // there is one instance of every domain module in the process (docs/architecture.md).
  serverExternalPackages: ["better-sqlite3", "@latchkey/domain"],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};
module.exports = nextConfig;
