// A TCP port nobody listens on, chosen by the kernel at run time, so test and bench servers never
// depend on a fixed port being free (docs/operations.md#tests). `freePort()` listens on port 0 on every
// interface, reads the port it got and closes (`freePorts(n)`: n different ones). Specs and the bench
// load this file through require() (Playwright's and tsx's CommonJS), so it has no top-level await and no
// import.meta; playwright.config.ts, which must stay synchronous, asks a child node process.
import net from "node:net";

/** @returns {Promise<number>} */
export async function freePort() {
  return (await freePorts(1))[0];
}

/**
 * `count` different free ports: all held open at once, then closed, so no two are the same.
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const server = net.createServer();
          server.unref();
          server.once("error", reject);
          server.listen(0, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map(
    (server) => /** @type {net.AddressInfo} */ (/** @type {net.Server} */ (server).address()).port,
  );
  await Promise.all(
    servers.map((server) => new Promise((resolve) => /** @type {net.Server} */ (server).close(resolve))),
  );
  return ports;
}
