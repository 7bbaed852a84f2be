// Production server: Next's request handler behind a plain Node HTTP server, so the client IP used by
// rate limits and audit events comes from the socket. Next passes a client-sent X-Forwarded-For
// through untouched, which would let anyone pick their own IP; only with TRUST_PROXY=1 (behind a
// reverse proxy that appends the real address) is the header kept.
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const trustProxy = process.env.TRUST_PROXY === "1";
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();

await app.prepare();
const server = createServer((req, res) => {
  if (!trustProxy) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`[latchkey] ready on http://localhost:${port}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
