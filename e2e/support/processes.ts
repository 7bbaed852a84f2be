// Servers the specs start themselves, awaited by the event that says they are ready — a health URL's
// answer or a line of their output — never by a fixed sleep, and on a port chosen at run time
// (docs/operations.md#tests). A process that exits before it is ready fails the wait at once.
import type { ChildProcess } from "node:child_process";
import { expect } from "@playwright/test";
// The .mjs helper the config and the scripts use too (types in scripts/free-port.d.mts).
export { freePort, freePorts } from "../../scripts/free-port.mjs";

/** Rejects as soon as `child` exits; `stop()` detaches it once the caller no longer cares. */
function exitOf(child: ChildProcess, what: string) {
  let fail = () => {};
  const exited = new Promise<never>((_, reject) => {
    fail = () => reject(new Error(`${what}: the process exited (${child.exitCode ?? child.signalCode}) first`));
    if (child.exitCode !== null || child.signalCode !== null) fail();
    else child.once("exit", fail);
  });
  return { exited, stop: () => void child.off("exit", fail) };
}

/**
 * Resolves once `url` answers `status` (any HTTP answer when `status` is omitted); fails when `child`
 * exits first or after `timeout` ms.
 */
export async function waitForUrl(
  url: string,
  options: { child?: ChildProcess; status?: number; timeout?: number } = {},
) {
  const { child, status, timeout = 60_000 } = options;
  const answer = () =>
    fetch(url).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
  const polled = expect.poll(answer, {
    timeout,
    intervals: [100, 250],
    message: `${url} answers ${status ?? "at all"}`,
  });
  const answered = status === undefined ? polled.toBeGreaterThan(0) : polled.toBe(status);
  if (!child) return await answered;
  const exit = exitOf(child, url);
  try {
    await Promise.race([answered, exit.exited]);
  } finally {
    exit.stop();
  }
}

/** Resolves with the first line `child` prints to stdout that matches `pattern` (stdout must be piped). */
export async function waitForLine(child: ChildProcess, pattern: RegExp, timeout = 60_000): Promise<string> {
  const stdout = child.stdout;
  if (!stdout) throw new Error("waitForLine needs the child's stdout piped");
  const exit = exitOf(child, `waiting for ${pattern}`);
  let onData = (_chunk: Buffer) => {};
  let timer: NodeJS.Timeout | undefined;
  const seen = new Promise<string>((resolve, reject) => {
    let buffered = "";
    onData = (chunk) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      const line = lines.find((l) => pattern.test(l));
      if (line !== undefined) resolve(line);
    };
    stdout.on("data", onData);
    // The limit of the wait, not a wait for time to pass.
    timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeout} ms`)), timeout);
  });
  try {
    return await Promise.race([seen, exit.exited]);
  } finally {
    clearTimeout(timer);
    stdout.off("data", onData);
    // Keep draining what it prints, so a full pipe never stalls it.
    stdout.resume();
    exit.stop();
  }
}
