"use client";
import { useId, useState } from "react";

type Flavour = "curl" | "node" | "cli";
const LABELS: Record<Flavour, string> = { curl: "curl", node: "Node", cli: "CLI" };
/** The file a snippet runs from, named in its caption. */
export const NODE_SNIPPET_FILE = "latchkey-example.mjs";
const CAPTIONS: Record<Flavour, string> = {
  curl: "Paste it into a terminal: it prints the key, its user and its account.",
  node: `Save it as ${NODE_SNIPPET_FILE} and run node ${NODE_SNIPPET_FILE} (Node 20 or later, nothing to install).`,
  cli: "Run it in a Latchkey checkout, where npx latchkey is its command line.",
};

/**
 * Copy-ready ways to use a key: curl, Node (fetch, in an ES module: no package to install) and the latchkey CLI, with
 * the key and the Account ID filled in. Each one runs as pasted and prints who the key is (GET /api/v1/me). The text
 * wraps, so the key and its closing quote are never cut off. Each snippet selects whole on one click; a new token
 * appears here only in the reveal dialog, never after.
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
  const snippets: Record<Flavour, string> = {
    curl: [
      `curl -H "Authorization: Bearer ${token}"`,
      ...(accountId ? [`     -H "X-Account-Id: ${accountId}"`] : []),
      `     ${origin}/api/v1/me`,
    ].join(" \\\n"),
    node: [
      `// ${NODE_SNIPPET_FILE}`,
      `const response = await fetch("${origin}/api/v1/me", {`,
      `  headers: {`,
      `    Authorization: "Bearer ${token}",`,
      ...(accountId ? [`    "X-Account-Id": "${accountId}",`] : []),
      `  },`,
      `});`,
      `console.log(response.status, JSON.stringify(await response.json(), null, 2));`,
    ].join("\n"),
    cli: [
      `export LATCHKEY_URL=${origin}`,
      `export LATCHKEY_API_KEY=${token}`,
      ...(accountId ? [`export LATCHKEY_ACCOUNT_ID=${accountId}`] : []),
      `npx latchkey whoami`,
    ].join("\n"),
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
        aria-describedby={`${id}-caption`}
        className="mt-2 select-all whitespace-pre-wrap rounded-md bg-slate-900 px-4 py-3 text-xs leading-relaxed text-slate-100 ring-1 ring-slate-200 [overflow-wrap:anywhere] dark:bg-black/60 dark:text-[#e2e8f0]"
      >
        <code>{snippets[flavour]}</code>
      </pre>
      <p id={`${id}-caption`} className="mt-1 text-xs text-slate-600">
        {CAPTIONS[flavour]} Click an example to select it all.
      </p>
    </div>
  );
}
