"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@latchkey/domain/action-result";
import { RevealKeyDialog } from "./reveal-key-dialog";

type Fix =
  | { action: "restrict"; permissions: Record<string, string> }
  | { action: "set_expiry"; days: number }
  | { action: "disable" }
  | { action: "rotate" }
  | { action: "allow_ip"; ip: string };

function label(fix: Fix): string {
  switch (fix.action) {
    case "restrict":
      return "Restrict";
    case "set_expiry":
      return `Expire in ${fix.days} days`;
    case "disable":
      return "Disable";
    case "rotate":
      return "Rotate";
    case "allow_ip":
      return `Allow only ${fix.ip}`;
  }
}

const DONE: Record<Fix["action"], string> = {
  restrict: "Key restricted",
  set_expiry: "Expiry set",
  disable: "Key disabled",
  rotate: "Key rotated: copy the new one",
  allow_ip: "Allowed IPs set",
};

/** The one-click fix of a key health finding; a rotation shows the new key once, like any rotation. */
export function HealthFixButton({
  keyId,
  keyName,
  finding,
  fix,
  action,
  usage,
}: {
  keyId: string;
  keyName: string;
  finding: string;
  fix: Fix;
  action: (input: {
    keyId: string;
    finding: string;
  }) => Promise<ActionResult<{ action: string; token: string | null }>>;
  usage: { origin: string; accountId: string | null };
}) {
  const [token, setToken] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const router = useRouter();
  // A rotation's new key is shown before the page refreshes (the refreshed list no longer has this finding).
  const run = useServerAction(action, {
    success: DONE[fix.action],
    refresh: fix.action !== "rotate",
    onSuccess: (d) => (d.token ? setToken(d.token) : nextAfterFix()?.focus()),
  });
  // This finding goes away once fixed, with its button: focus moves on to the next finding's fix (or the one before),
  // else to the report's summary — never to the page itself.
  const nextAfterFix = (): HTMLElement | null => {
    const fixes = [...document.querySelectorAll<HTMLButtonElement>("button[data-health-fix]")];
    const at = fixes.indexOf(button.current!);
    const others = at === -1 ? fixes : [...fixes.slice(at + 1), ...fixes.slice(0, at).reverse()];
    return others.find((b) => !b.disabled) ?? document.getElementById("key-health-summary");
  };
  return (
    <>
      <Button
        ref={button}
        data-health-fix=""
        variant={fix.action === "rotate" || fix.action === "disable" ? "secondary" : "primary"}
        size="sm"
        pending={run.pending}
        aria-label={`${label(fix)}: ${keyName} (${finding.replaceAll("_", " ")})`}
        onClick={() => run.run({ keyId, finding })}
      >
        {label(fix)}
      </Button>
      {run.error && (
        <p role="alert" className="mt-1 max-w-[14rem] text-xs text-red-700">
          {run.error}
        </p>
      )}
      <RevealKeyDialog
        token={token}
        onDone={() => (setToken(null), router.refresh())}
        usage={usage}
        returnFocus={() => nextAfterFix()}
      />
    </>
  );
}
