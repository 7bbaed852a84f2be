// A service of your own behind Latchkey, in a few lines: every request needs a Latchkey key or access
// token allowing checks:read. Run: LATCHKEY_URL=http://localhost:3000 PORT=4000 npx tsx examples/protected-service.ts
import { createServer } from "node:http";
import { LatchkeyClient, protectNode } from "../client";

const latchkey = new LatchkeyClient({ baseUrl: process.env.LATCHKEY_URL ?? "http://localhost:3000" });

const server = createServer(
  protectNode(latchkey, { permission: "checks:read" }, (req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        hello: req.latchkey.kind === "user" ? `user ${req.latchkey.userId}` : `key ${req.latchkey.keyId}`,
        account: req.latchkey.accountId,
        via: req.latchkey.via,
      }),
    );
  }),
);
server.listen(Number(process.env.PORT ?? 4000), "127.0.0.1", () =>
  console.log(`[example] protected service on http://127.0.0.1:${process.env.PORT ?? 4000}`),
);
