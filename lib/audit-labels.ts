// The audit log in words (docs/concepts.md#audit-log-and-notifications): one label and one sentence per action, in one
// place, so the page's filter, its rows and any later reader cannot disagree. The CSV and the API keep the raw events.
import type { AuditAction } from "./audit";
import { roleLabel } from "./policy";

interface EventForWords {
  action: string;
  actor: { type: string; name: string };
  target: { type: string; name: string | null } | null;
  details: Record<string, unknown>;
}

const KIND: Record<string, string> = { user: "user key", service: "service key", legacy: "legacy key" };
const role = (v: unknown) => (typeof v === "string" ? roleLabel(v) : String(v ?? "?"));
const kind = (d: Record<string, unknown>) => KIND[String(d.kind)] ?? "key";

type Words = { label: string; sentence: (who: string, target: string, d: Record<string, unknown>) => string };

export const AUDIT_ACTIONS: Record<string, Words> = {
  "account.created": { label: "Account created", sentence: (who, t) => `${who} created the account ${t}` },
  "account.renamed": {
    label: "Account renamed",
    sentence: (who, _t, d) => `${who} renamed the account from ${String(d.from ?? "?")} to ${String(d.to ?? "?")}`,
  },
  "account.plan_changed": {
    label: "Plan changed",
    sentence: (who, _t, d) => `${who} changed the plan from ${String(d.from ?? "?")} to ${String(d.to ?? "?")}`,
  },
  "account.key_creation_restricted": {
    label: "Key creation restricted or opened",
    sentence: (who, _t, d) =>
      d.restrictKeyCreation
        ? `${who} restricted API key creation to members with the grant`
        : `${who} let every member create API keys`,
  },
  "account.key_lifetime_changed": {
    label: "Key lifetime policy changed",
    sentence: (who, _t, d) =>
      d.to ? `${who} limited new keys to ${String(d.to)} days` : `${who} removed the maximum key lifetime`,
  },
  "account.ownership_transferred": {
    label: "Ownership transferred",
    sentence: (who, t) => `${who} transferred ownership to ${t}`,
  },
  "account.deleted": { label: "Account deleted", sentence: (who, t) => `${who} deleted the account ${t}` },
  "member.invited": { label: "Member invited", sentence: (who, t, d) => `${who} invited ${t} as ${role(d.role)}` },
  "member.invitation_revoked": {
    label: "Invitation revoked",
    sentence: (who, t) => `${who} revoked the invitation of ${t}`,
  },
  "member.joined": { label: "Member joined", sentence: (who, _t, d) => `${who} joined as ${role(d.role)}` },
  "member.left": { label: "Member left", sentence: (who) => `${who} left the account` },
  "member.removed": { label: "Member removed", sentence: (who, t) => `${who} removed ${t}` },
  "member.role_changed": {
    label: "Role changed",
    sentence: (who, t, d) => `${who} changed the role of ${t} from ${role(d.from)} to ${role(d.to)}`,
  },
  "member.key_creation_granted": {
    label: "Key creation granted",
    sentence: (who, t) => `${who} let ${t} create API keys`,
  },
  "member.key_creation_revoked": {
    label: "Key creation revoked",
    sentence: (who, t) => `${who} took back the right of ${t} to create API keys`,
  },
  "api_key.created": { label: "API key created", sentence: (who, t, d) => `${who} created the ${kind(d)} ${t}` },
  "api_key.updated": { label: "API key edited", sentence: (who, t, d) => `${who} edited the ${kind(d)} ${t}` },
  "api_key.enabled": { label: "API key enabled", sentence: (who, t, d) => `${who} enabled the ${kind(d)} ${t}` },
  "api_key.disabled": { label: "API key disabled", sentence: (who, t, d) => `${who} disabled the ${kind(d)} ${t}` },
  "api_key.deleted": { label: "API key deleted", sentence: (who, t, d) => `${who} deleted the ${kind(d)} ${t}` },
  "api_key.leaked": {
    label: "API key reported leaked",
    sentence: (_who, t, d) => `The ${kind(d)} ${t} was reported as leaked`,
  },
  "api_key.expired": { label: "API key expired", sentence: (_who, t, d) => `The ${kind(d)} ${t} expired` },
  "api_key.rotated": { label: "API key rotated", sentence: (who, t, d) => `${who} rotated the ${kind(d)} ${t}` },
  "api_key.rotation_ended": {
    label: "Old key ended after rotation",
    sentence: (_who, t, d) => `The rotated ${kind(d)} ${t} stopped working (${String(d.reason ?? "ended")})`,
  },
  "api_key.token_issued": {
    label: "Access token issued",
    // The key exchanges itself (its events name it, and a user key's person too: "CI (ana@acme.test)").
    sentence: (who, t) =>
      who === t || who.startsWith(`${t} (`)
        ? `${who} exchanged itself for an access token`
        : `${who} exchanged the key ${t} for an access token`,
  },
} satisfies Record<AuditAction, Words>;

export const auditActionLabel = (action: string) => AUDIT_ACTIONS[action]?.label ?? action;

/** "Olivia Owner deleted the service key CI deploy." */
export function auditSentence(e: EventForWords): string {
  const words = AUDIT_ACTIONS[e.action];
  const target = e.target?.name ?? "";
  if (!words) return `${e.actor.name}: ${e.action}${target ? ` (${target})` : ""}.`;
  return `${words.sentence(e.actor.name, target, e.details)}.`;
}
