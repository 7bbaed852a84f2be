// The latchkey CLI's exit codes as docs/operations.md#the-cli documents them: 0 done, 1 refused (the API's message and
// code on stderr), 2 misconfigured or misused — a usage error, an unreadable flag value, no URL or key, or a server it
// cannot reach. Refusals come from the real API router, served in this process.
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHandler } from "@/lib/server/http/api-app";
import { generateToken } from "@/lib/tokens";

const server = http.createServer(createApiHandler());
let url = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const someKey = generateToken("service").token;

/** Runs the CLI without blocking this process (the API it may call is served here). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["cli/latchkey.mjs", ...args],
      {
        env: {
          PATH: process.env.PATH ?? "",
          LATCHKEY_URL: url,
          LATCHKEY_API_KEY: someKey,
          ...env,
        } as unknown as NodeJS.ProcessEnv,
        encoding: "utf8",
        timeout: 20_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, out: stdout, err: stderr }),
    );
  });
}

describe("latchkey exit codes", () => {
  it.each([
    ["an unknown command", ["nonsense"]],
    ["an unknown option", ["whoami", "--bogus"]],
    ["a missing argument", ["keys", "delete"]],
    ["a missing required option", ["keys", "create", "--name", "CI"]],
    ["no command at all", []],
    ["a command group without its command", ["keys"]],
    ["an unreadable --rate-limit", ["keys", "update", "k1", "--rate-limit", "lots"]],
    [
      "an unreadable --permissions",
      ["keys", "create", "--name", "CI", "--role", "read_only", "--permissions", "checks"],
    ],
    ["an update with nothing to change", ["keys", "update", "k1"]],
  ])("%s is misuse: 2", async (_what, args) => {
    const r = await cli(args);
    expect(r.code, r.err).toBe(2);
    expect(r.err).not.toBe("");
  });

  it("a server it cannot reach is misconfiguration: 2, saying where it tried", async () => {
    for (const args of [["whoami"], ["verify", someKey], ["--url", "http://127.0.0.1:9", "checks", "list"]]) {
      const r = await cli(args, { LATCHKEY_URL: "http://127.0.0.1:9" });
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("Could not reach http://127.0.0.1:9");
      expect(r.out + r.err).not.toContain(someKey);
    }
    expect((await cli(["whoami"], { LATCHKEY_URL: "not a url" })).code).toBe(2);
  });

  it("no URL or no key is misconfiguration: 2", async () => {
    expect((await cli(["whoami"], { LATCHKEY_URL: "" })).code).toBe(2);
    expect((await cli(["whoami"], { LATCHKEY_API_KEY: "" })).code).toBe(2);
  });

  it("a refusal by the API is 1 with its message and code; a key that does not verify is 1; help is 0", async () => {
    const refused = await cli(["whoami"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("(invalid_key, HTTP 401)");
    expect(refused.out + refused.err).not.toContain(someKey);
    const verified = await cli(["verify", someKey, "--json"]);
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.out)).toEqual({ valid: false, code: "invalid_key" });
    for (const args of [["--help"], ["keys", "--help"], ["keys", "create", "--help"]]) {
      const help = await cli(args);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.out).toContain("Usage: latchkey");
    }
  });
});
