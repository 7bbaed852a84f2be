"use client";
import { useId, useState } from "react";

type Flavour = "curl" | "node" | "cli";
const LABELS: Record<Flavour, string> = { curl: "curl", node: "Node client", cli: "CLI" };

/**
 * Copy-ready ways to use a key: curl, the Node client (client/) and the latchkey CLI, with the key and
 * the Account ID filled in. Each snippet selects whole on one click; a new token appears here only in
 * the reveal dialog, never after.
 */
export function UsageSnippets({
  origin,
  token,
  accountId,
}: {
  origin: string;
  token: string;
  accountId: string | null;
}) {
  const [flavour, setFlavour] = useState<Flavour>("curl");
  const id = useId();
  const account = accountId ? ` \\\n     -H "X-Account-Id: ${accountId}"` : "";
  const snippets: Record<Flavour, string> = {
    curl: `curl -H "Authorization: Bearer ${token}"${account} \\\n     ${origin}/api/v1/checks`,
    node: `import { LatchkeyClient } from "./client"; // Latchkey's client/ folder\n\nconst latchkey = new LatchkeyClient({ baseUrl: "${origin}" });\nconst verdict = await latchkey.verifyKey("${token}"${accountId ? `, {\n  accountId: "${accountId}",\n}` : ""});`,
    cli: `export LATCHKEY_URL=${origin}\nexport LATCHKEY_API_KEY=${token}${accountId ? `\nexport LATCHKEY_ACCOUNT_ID=${accountId}` : ""}\nnpx latchkey whoami`,
  };
  return (
    <div className="mt-3 text-left">
      <div
        role="group"
        aria-label="Example"
        className="inline-flex rounded-md border border-slate-200 bg-slate-50 p-0.5 text-xs"
      >
        {(Object.keys(LABELS) as Flavour[]).map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={flavour === f}
            aria-controls={id}
            onClick={() => setFlavour(f)}
            className={`rounded px-2.5 py-1 font-medium ${flavour === f ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
          >
            {LABELS[f]}
          </button>
        ))}
      </div>
      <pre
        id={id}
        aria-label={`${LABELS[flavour]} example`}
        className="mt-2 select-all overflow-x-auto rounded-md bg-slate-900 px-4 py-3 text-xs leading-relaxed text-slate-100 ring-1 ring-slate-200 dark:bg-black/60 dark:text-[#e2e8f0]"
      >
        <code>{snippets[flavour]}</code>
      </pre>
      <p className="mt-1 text-xs text-slate-600">Click an example to select it all.</p>
    </div>
  );
}
