// The front door on a real Node server, with a stand-in for Next that answers the way Next does when
// it cannot decode a body (statusCode 500, then a plain-text end). The production build's own answers
// are covered by e2e/hardening.spec.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFrontDoor } from "./front-door";

const isApiPath = (p: string) => p.startsWith("/api/v1/");
let server: Server;
let origin: string;

/** What the stand-in for Next does, chosen by path. */
function next(req: IncomingMessage, res: ServerResponse) {
  const pathname = "/" + new URL(req.url ?? "/", "http://x").pathname.split("/").pop();
  const read = (then: () => void) => (req.on("data", () => {}), req.on("end", then));
  if (pathname === "/fails") return read(() => ((res.statusCode = 500), res.end("Internal Server Error")));
  if (pathname === "/fails-head")
    return read(() => (res.writeHead(502, { "Content-Length": "3", "Content-Type": "text/plain" }), res.end("bad")));
  if (pathname === "/fails-streamed")
    return read(() => ((res.statusCode = 500), res.setHeader("Content-Length", "6"), res.write("Intern"), res.end()));
  if (pathname === "/unavailable") return read(() => ((res.statusCode = 503), res.end("retry")));
  if (pathname === "/ignores-body") return void res.end("page");
  read(() => res.end("ok"));
}

beforeAll(async () => {
  const frontDoor = createFrontDoor({ dev: true, isApiPath, publicUrl: "http://console.test" });
  server = createServer((req, res) => {
    const route = frontDoor(req, res);
    if (route === "next") next(req, res);
    else if (route === "api") res.end("api");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  origin = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (path: string, headers: Record<string, string>, body = "x=1") =>
  fetch(origin + path, { method: "POST", headers, body, redirect: "manual" });

describe("server actions and next-auth: this site's Origin or 403 (docs/security.md#the-front-door)", () => {
  const kinds: Record<string, Record<string, string>> = {
    "Next-Action": { "Next-Action": "7f00", "Content-Type": "text/plain;charset=UTF-8" },
    multipart: { "Content-Type": "multipart/form-data; boundary=x" },
    "multipart in capitals": { "Content-Type": "Multipart/Form-Data; boundary=x" },
    "URL-encoded": { "Content-Type": "application/x-www-form-urlencoded" },
    "URL-encoded with a charset": { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
    "no content type": {},
  };
  for (const [kind, headers] of Object.entries(kinds)) {
    for (const path of ["/settings/user", "/", "/api/auth/callback/credentials", "/api/auth/signout"]) {
      it(`${kind} POST ${path}: refused without Origin, with "null", with another site's`, async () => {
        for (const bad of [
          undefined,
          "null",
          "https://evil.test",
          "https://console.test",
          "http://console.test.evil.test",
          "http://console.test:80",
        ]) {
          const res = await post(path, { ...headers, ...(bad ? { Origin: bad } : {}) });
          expect(res.status, `Origin ${bad}`).toBe(403);
          if (path.startsWith("/api/auth/")) expect((await res.json()).error.code).toBe("forbidden");
        }
      });
    }
  }

  it("passes a post from this site, and leaves GETs and the API alone", async () => {
    expect(
      (
        await post("/settings/user", {
          Origin: "http://console.test",
          "Content-Type": "application/x-www-form-urlencoded",
        })
      ).status,
    ).toBe(200);
    expect((await fetch(origin + "/settings/user")).status).toBe(200);
    expect((await post("/api/v1/leaks", { "Content-Type": "application/json" }, "[]")).status).toBe(200);
  });
});

describe("a post Next could not decode is 400, never 500 (docs/security.md#the-front-door)", () => {
  const from = { Origin: "http://console.test", "Content-Type": "multipart/form-data; boundary=x" };
  it.each(["/fails", "/fails-head", "/fails-streamed", "/api/auth/fails"])(
    "%s: 400 with a body of ours",
    async (path) => {
      const res = await post(path, from);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain("The request body could not be read.");
      expect(text).not.toContain("Internal");
      expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      if (path.startsWith("/api/auth/")) expect(JSON.parse(text).error.code).toBe("bad_request");
    },
  );

  it("keeps 503 (the database does not answer: retry) and every answer to a GET", async () => {
    expect((await post("/unavailable", from)).status).toBe(503);
    expect((await fetch(origin + "/fails")).status).toBe(500);
  });
});

/** Writes raw bytes, then reads until the server closes or `waitMs` passes. */
function raw(bytes: string, waitMs = 1_500) {
  return new Promise<{ text: string; closed: boolean }>((resolve) => {
    const socket = net.connect(Number(new URL(origin).port), "127.0.0.1");
    let text = "";
    const timer = setTimeout(() => (socket.destroy(), resolve({ text, closed: false })), waitMs);
    socket.on("data", (d) => (text += d.toString("latin1")));
    socket.on("close", () => (clearTimeout(timer), resolve({ text, closed: true })));
    socket.on("error", () => {});
    socket.write(bytes);
  });
}

describe("an answer sent before the body was read closes the connection (docs/security.md#the-front-door)", () => {
  it("closes when Next answers without reading the body", async () => {
    const { text, closed } = await raw(
      `GET /ignores-body HTTP/1.1\r\nHost: console.test\r\nContent-Length: 100000\r\n\r\n${"x".repeat(100)}`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text.toLowerCase()).toContain("connection: close");
    expect(closed).toBe(true);
  });

  it("keeps the connection when the body was read, or there was none", async () => {
    const withBody = `POST /settings/user HTTP/1.1\r\nHost: console.test\r\nOrigin: http://console.test\r\nContent-Length: 3\r\n\r\nx=1`;
    const without = `GET /ignores-body HTTP/1.1\r\nHost: console.test\r\n\r\n`;
    for (const request of [withBody, without]) {
      const { text, closed } = await raw(request + request);
      expect((text.match(/HTTP\/1\.1 200 /g) ?? []).length).toBe(2);
      expect(text.toLowerCase()).not.toContain("connection: close");
      expect(closed).toBe(false);
    }
  });
});

describe("a refused body does not cost the client its answer (lingering close)", () => {
  /**
   * Sends headers and the whole declared body as fast as the socket takes it; resolves with what came back and any
   * socket error.
   */
  const sendAll = (head: string, body: Buffer) =>
    new Promise<{ text: string; error: string | null }>((resolve) => {
      const socket = net.connect(Number(new URL(origin).port), "127.0.0.1");
      let text = "";
      let error: string | null = null;
      socket.on("data", (d) => (text += d.toString("latin1")));
      socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
      socket.on("close", () => resolve({ text, error }));
      socket.write(head);
      socket.end(body);
    });

  it("a declared oversize body, sent in full, gets its 413 every time, with no reset while writing", async () => {
    // 6 MB: more than loopback's socket buffers take in at once, so a close without lingering resets
    // the connection while the client is still writing (EPIPE here, as e2e/api-fuzz.spec.ts met it).
    const body = Buffer.alloc(6_000_000, 32);
    for (let i = 0; i < 20; i++) {
      const { text, error } = await sendAll(
        `POST /api/v1/checks HTTP/1.1\r\nHost: console.test\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
      );
      expect(error, `attempt ${i}`).toBeNull();
      expect(text, `attempt ${i}`).toMatch(/^HTTP\/1\.1 413 /);
      expect(text.toLowerCase()).toContain("connection: close");
    }
  });

  it("a client that never stops sending is cut off after the cap", async () => {
    const { text, closed } = await raw(
      `POST /api/v1/checks HTTP/1.1\r\nHost: console.test\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n${"x".repeat(100)}`,
      5_000,
    );
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(closed).toBe(true);
  });
});
