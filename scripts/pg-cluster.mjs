// A throw-away PostgreSQL for tests (docs/operations.md#tests): Debian's `postgresql` binaries (installed by
// .ci/run where missing), a fresh data directory in the temp folder, a free port, trust authentication on
// 127.0.0.1 only, and a socket in the data directory. Never the system service. As root, the server runs
// as the `postgres` user (PostgreSQL refuses root).
//
//   const pg = await startPostgres();   // { url, stop() }
//   … postgres://postgres@127.0.0.1:<port>/postgres …
//   await pg.stop();
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The newest installed PostgreSQL's bin directory, or null. */
export function postgresBin() {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Starts a temporary cluster; resolves once it accepts connections. */
export async function startPostgres() {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql; .ci/run does it).");
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "latchkey-pg-"));
  // As root: the postgres user owns the directory and runs the server.
  const run = (tool, args) => {
    const cmd = path.join(bin, tool);
    if (root) execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" });
    else execFileSync(cmd, args, { stdio: "pipe" });
  };
  if (root) execFileSync("chown", ["postgres:postgres", dir]);
  fs.chmodSync(dir, 0o700);
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  // fsync off: a test cluster is thrown away; its durability is not under test.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200`;
  run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "30", "start"]);
  let stopped = false;
  const serverStart = () =>
    run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "30", "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    /** Takes the server down as a crash would (immediate shutdown), keeping its data: tests of an outage. */
    down() {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    },
    /** Brings the server back up after down(), on the same port with the same data. */
    up() {
      serverStart();
    },
    /** Stops the server (fast shutdown) and removes its files. */
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
