#!/usr/bin/env node
// @ts-check
// latchkey — the command line for CI pipelines (docs/operations.md#the-cli). Configuration from LATCHKEY_URL,
// LATCHKEY_API_KEY and LATCHKEY_ACCOUNT_ID, or --url, --key and --account. It never prints a key it was
// given; the only key it prints is a new one, once, from `keys create`.
import { Command, CommanderError } from "commander";

// Exit codes (docs/operations.md#the-cli): 0 done, 1 refused (the API's message and
// code on stderr), 2 misconfigured or misused — a usage error, a flag value it cannot read, no URL or key,
// or a server it cannot reach at the configured URL.
const REFUSED = 1;
const MISUSED = 2;

class CliError extends Error {
  /** @param {string} message @param {number} [exitCode] */
  constructor(message, exitCode = REFUSED) {
    super(message);
    this.exitCode = exitCode;
  }
}

const program = new Command();
program
  .name("latchkey")
  .description("Manage Latchkey API keys and checks from scripts and CI pipelines.")
  .option("--url <url>", "Latchkey's address (env LATCHKEY_URL)")
  .option("--key <key>", "the API key to act with (env LATCHKEY_API_KEY)")
  .option("--account <id>", "the account ID, needed with user keys (env LATCHKEY_ACCOUNT_ID)")
  .option("--json", "print machine-readable JSON")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

function config() {
  const o = program.opts();
  const url = (o.url ?? process.env.LATCHKEY_URL ?? "").replace(/\/+$/, "");
  if (!url) throw new CliError("Set LATCHKEY_URL or pass --url (e.g. https://keys.example.com).", MISUSED);
  return {
    url,
    key: o.key ?? process.env.LATCHKEY_API_KEY ?? "",
    account: o.account ?? process.env.LATCHKEY_ACCOUNT_ID ?? "",
    json: !!o.json,
  };
}

/**
 * One API call with the configured key. Refusals become a CliError with the API's own message.
 * @param {string} method @param {string} path @param {unknown} [body] @param {{ auth?: boolean }} [opts]
 */
async function api(method, path, body, { auth = true } = {}) {
  const { url, key, account } = config();
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json" };
  if (auth) {
    if (!key) throw new CliError("Set LATCHKEY_API_KEY or pass --key.", MISUSED);
    headers.Authorization = `Bearer ${key}`;
    if (account) headers["X-Account-Id"] = account;
  }
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res;
  try {
    res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new CliError(`Could not reach ${url}: ${error instanceof Error ? error.message : error}`, MISUSED);
  }
  const text = await res.text();
  /** @type {any} */
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = data?.error;
    const details = e?.details
      ? " " +
        Object.entries(e.details)
          .map(([f, m]) => `${f}: ${[].concat(m).join(" ")}`)
          .join("; ")
      : "";
    throw new CliError(e?.message ? `${e.message}${details} (${e.code}, HTTP ${res.status})` : `HTTP ${res.status}`);
  }
  return data;
}

/** @param {unknown} data @param {() => void} human */
function print(data, human) {
  if (config().json) process.stdout.write(JSON.stringify(data, null, 2) + "\n");
  else human();
}

/** @param {Record<string, unknown>[]} rows @param {string[]} columns */
function table(rows, columns) {
  if (!rows.length) return console.log("(none)");
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  console.log(columns.map((c, i) => c.toUpperCase().padEnd(widths[i] ?? 0)).join("  "));
  for (const r of rows) console.log(columns.map((c, i) => String(r[c] ?? "").padEnd(widths[i] ?? 0)).join("  "));
}

program
  .command("whoami")
  .description("the key's name, kind and role, and the account's name and ID")
  .action(async () => {
    const me = await api("GET", "/api/v1/me");
    print(me, () => {
      console.log(`Key:     ${me.key.name} (${me.key.kind}, ${me.key.role})`);
      if (me.user) console.log(`User:    ${me.user.email}`);
      console.log(`Account: ${me.account.name} (${me.account.id}), plan ${me.account.plan}`);
    });
  });

/** The limit flags of `keys create` and `keys update`, as the API's fields ("none"/"inherit" clear one). */
function limitFlags(o) {
  const out = {};
  if (o.permissions !== undefined) {
    if (o.permissions === "inherit" || o.permissions === "none") out.permissions = null;
    else {
      out.permissions = {};
      for (const pair of o.permissions
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)) {
        const [resource, level] = pair.split(":");
        if (!resource || !level)
          throw new CliError(`--permissions takes resource:level pairs, e.g. checks:read (got "${pair}").`, MISUSED);
        out.permissions[resource] = level;
      }
    }
  }
  if (o.rateLimit !== undefined) {
    if (o.rateLimit === "none") out.rateLimit = null;
    else {
      const m = /^(\d+)\/(\d+)$/.exec(o.rateLimit.trim());
      if (!m) throw new CliError(`--rate-limit takes requests/seconds, e.g. 100/60 (got "${o.rateLimit}").`, MISUSED);
      out.rateLimit = { limit: Number(m[1]), windowSeconds: Number(m[2]) };
    }
  }
  if (o.allowedIps !== undefined)
    out.allowedIps =
      o.allowedIps === "none"
        ? null
        : o.allowedIps
            .split(",")
            .map((x) => x.trim())
            .filter(Boolean);
  return out;
}

const keys = program.command("keys").description("the account's API keys (owners and admins)");
keys
  .command("list")
  .description("list the account's keys (metadata only)")
  .action(async () => {
    /** @type {any[]} */
    const all = [];
    let cursor = "";
    do {
      const page = await api(
        "GET",
        `/api/v1/api-keys?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      all.push(...page.apiKeys);
      cursor = page.nextCursor ?? "";
    } while (cursor);
    print(all, () =>
      table(
        all.map((k) => ({
          id: k.id,
          name: k.name,
          kind: k.kind,
          role: k.role ?? "(owner's)",
          hint: k.hint,
          status: k.status,
          expires: k.expiresAt ?? "never",
        })),
        ["id", "name", "kind", "role", "hint", "status", "expires"],
      ),
    );
  });
keys
  .command("create")
  .description("create a service key; its token is printed once")
  .requiredOption("--name <name>", "the key's name")
  .requiredOption("--role <role>", "admin, read_write or read_only")
  .option("--description <text>", "what it is for")
  .option("--expires-at <date-time>", "ISO 8601, e.g. 2030-01-31T00:00:00Z")
  .option("--if-leaked <action>", "none, disable or delete", "disable")
  .option("--permissions <list>", 'restrict the key, e.g. "checks:read,members:none" (resources left out get none)')
  .option("--rate-limit <n/seconds>", 'at most n requests per window, e.g. "100/60"')
  .option("--allowed-ips <list>", 'addresses and CIDR ranges, e.g. "203.0.113.0/24,2001:db8::/32"')
  .action(async (o) => {
    const created = await api("POST", "/api/v1/api-keys", {
      name: o.name,
      role: o.role,
      ...(o.description ? { description: o.description } : {}),
      ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}),
      leakAction: o.ifLeaked,
      ...limitFlags(o),
    });
    print(created, () => {
      console.log(`Created ${created.name} (${created.id}), role ${created.role}.`);
      console.log("Copy the key now; it will not be shown again:");
      console.log(created.token);
    });
  });
keys
  .command("update")
  .description('change a key\'s name, expiry or limits ("none" clears a limit or the expiry)')
  .argument("<id>", "the key's ID")
  .option("--name <name>", "a new name")
  .option("--expires-at <date-time>", 'ISO 8601, or "none"')
  .option("--permissions <list>", '"checks:read,members:none", or "inherit" for the role\'s access')
  .option("--rate-limit <n/seconds>", '"100/60", or "none"')
  .option("--allowed-ips <list>", '"203.0.113.0/24,2001:db8::/32", or "none"')
  .action(async (id, o) => {
    const body = {
      ...(o.name ? { name: o.name } : {}),
      ...(o.expiresAt ? { expiresAt: o.expiresAt === "none" ? null : o.expiresAt } : {}),
      ...limitFlags(o),
    };
    if (!Object.keys(body).length)
      throw new CliError(
        "Nothing to change: pass --name, --expires-at, --permissions, --rate-limit or --allowed-ips.",
        MISUSED,
      );
    const updated = await api("PATCH", `/api/v1/api-keys/${encodeURIComponent(id)}`, body);
    print(updated, () => console.log(`Updated ${updated.name} (${updated.id}).`));
  });
keys
  .command("rotate")
  .description(
    'rotate a service or legacy key (or, with "self", the key the CLI acts with); the new key is printed once',
  )
  .argument("<id>", 'the key\'s ID, or "self"')
  .option(
    "--old-key-expires <when>",
    "now, on_first_use (the default; at most 7 days) or an ISO 8601 date-time",
    "on_first_use",
  )
  .option("--no-first-use", "with a date: keep the old key until then even after the new key is used")
  .action(async (id, o) => {
    const body = { oldKeyExpires: o.oldKeyExpires, ...(o.firstUse === false ? { onFirstUse: false } : {}) };
    const rotated = await api(
      "POST",
      id === "self" ? "/api/v1/api-keys/self/rotate" : `/api/v1/api-keys/${encodeURIComponent(id)}/rotate`,
      body,
    );
    print(rotated, () => {
      console.log(`Rotated ${rotated.name}: the new key is ${rotated.id}.`);
      console.log(
        `The old key works until ${rotated.rotation.endsAt}${rotated.rotation.endsOnFirstUse ? " or the new key's first use, whichever comes first" : ""}.`,
      );
      console.log("Copy the new key now; it will not be shown again:");
      console.log(rotated.token);
    });
  });
keys
  .command("delete")
  .description("delete a key of the account")
  .argument("<id>", "the key's ID")
  .action(async (id) => {
    await api("DELETE", `/api/v1/api-keys/${encodeURIComponent(id)}`);
    print({ deleted: id }, () => console.log(`Deleted ${id}.`));
  });

const checks = program.command("checks").description("the account's checks");
checks
  .command("list")
  .description("list checks")
  .action(async () => {
    const { checks: list } = await api("GET", "/api/v1/checks");
    print(list, () =>
      table(
        list.map((/** @type {any} */ c) => ({ id: c.id, name: c.name, url: c.url, active: c.active ? "yes" : "no" })),
        ["id", "name", "url", "active"],
      ),
    );
  });
checks
  .command("create")
  .description("create a check")
  .argument("<name>", "the check's name")
  .argument("<target>", "the http or https URL it checks")
  .option("--inactive", "create it paused")
  .action(async (name, target, o) => {
    const check = await api("POST", "/api/v1/checks", { name, url: target, ...(o.inactive ? { active: false } : {}) });
    print(check, () => console.log(`Created check ${check.name} (${check.id}).`));
  });
checks
  .command("delete")
  .description("delete a check")
  .argument("<id>", "the check's ID")
  .action(async (id) => {
    await api("DELETE", `/api/v1/checks/${encodeURIComponent(id)}`);
    print({ deleted: id }, () => console.log(`Deleted check ${id}.`));
  });

program
  .command("verify")
  .description("ask Latchkey whether a key is valid (exit 0) or not (exit 1)")
  .argument("<key>", "the key to verify (never printed)")
  .option("--permission <resource:level>", "e.g. checks:write")
  .action(async (key, o) => {
    const { account } = config();
    const verdict = await api(
      "POST",
      "/api/v1/keys/verify",
      { key, ...(account ? { accountId: account } : {}), ...(o.permission ? { permission: o.permission } : {}) },
      { auth: false },
    );
    print(verdict, () => {
      if (verdict.valid)
        console.log(
          `valid: ${verdict.key.name} (${verdict.key.kind}, ${verdict.role}) in account ${verdict.account.id}`,
        );
      else console.log(`not valid: ${verdict.code}`);
    });
    if (!verdict.valid) process.exitCode = REFUSED;
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here with exit code 0; usage errors (unknown command or option, missing
    // argument, no command at all) were already printed, and commander's own code for them is 1.
    process.exitCode = error.exitCode === 0 ? 0 : MISUSED;
  } else if (error instanceof CliError) {
    console.error(`latchkey: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`latchkey: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
