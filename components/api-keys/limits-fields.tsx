"use client";
// The limits of docs/concepts.md#restrictions-rate-limits-and-allow-lists in the create and edit dialogs: Permissions
// (Inherit role, or Restricted with an "Access to {resource}" select per resource), Rate limit and Allowed IPs.
import { useId, useState } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { ACCESS_LEVEL_CHOICES, ACCESS_LEVELS, RESOURCE_LABELS, RESOURCES } from "@latchkey/domain/policy";
import type { KeyLimitsData } from "./types";

export function LimitsFields({ current, errors }: { current?: KeyLimitsData; errors: Record<string, string[]> }) {
  const [mode, setMode] = useState<"inherit" | "restricted">(current?.permissions ? "restricted" : "inherit");
  const ids = useId();
  return (
    <div className="space-y-4">
      <div>
        {/* A radio group of buttons, so the choice's names ("Inherit role") are not form labels: a
            field labelled "Role" stays the only one found by that label. */}
        <span id={`${ids}-permissions`} className="block text-sm font-medium text-slate-800">
          Permissions
        </span>
        <input type="hidden" name="permissionsMode" value={mode} />
        <div
          role="radiogroup"
          aria-labelledby={`${ids}-permissions`}
          className="mt-2 inline-flex rounded-md p-0.5 ring-1 ring-inset ring-slate-300"
        >
          {(["inherit", "restricted"] as const).map((value, i, all) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={mode === value}
              tabIndex={mode === value ? 0 : -1}
              onClick={() => setMode(value)}
              onKeyDown={(e) => {
                if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(e.key)) return;
                e.preventDefault();
                const next =
                  all[(i + (e.key === "ArrowLeft" || e.key === "ArrowUp" ? all.length - 1 : 1)) % all.length]!;
                setMode(next);
                (e.currentTarget.parentElement?.querySelector(`[data-value="${next}"]`) as HTMLElement | null)?.focus();
              }}
              data-value={value}
              className={`rounded px-3 py-1.5 text-sm font-medium ${mode === value ? "bg-brand-600 text-white shadow-sm" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {value === "inherit" ? "Inherit role" : "Restricted"}
            </button>
          ))}
        </div>
        <p className="mt-1.5 text-xs text-slate-500">
          {mode === "inherit"
            ? "The key can do everything its role allows."
            : "The key can do only what you allow here, and never more than its role allows."}
        </p>
        {mode === "restricted" && (
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            {RESOURCES.map((resource) => (
              <SelectField
                key={resource}
                label={`Access to ${RESOURCE_LABELS[resource]}`}
                name={`access_${resource}`}
                defaultValue={current?.permissions?.[resource] ?? (resource === "checks" ? "read" : "none")}
                errors={errors[`access_${resource}`]}
              >
                {ACCESS_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {ACCESS_LEVEL_CHOICES[level]}
                  </option>
                ))}
              </SelectField>
            ))}
          </div>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Rate limit"
          name="rateLimit"
          type="number"
          inputMode="numeric"
          min={1}
          placeholder="No limit"
          defaultValue={current?.rateLimit?.limit ?? ""}
          hint="Requests per window. Leave empty for no limit."
          errors={errors.rateLimit}
        />
        <TextField
          label="Window in seconds"
          name="rateLimitWindow"
          type="number"
          inputMode="numeric"
          min={1}
          max={86400}
          defaultValue={current?.rateLimit?.windowSeconds ?? 60}
          errors={errors.rateLimitWindow}
        />
      </div>
      <TextAreaField
        label="Allowed IPs"
        name="allowedIps"
        rows={2}
        placeholder={"203.0.113.0/24\n2001:db8::/32"}
        defaultValue={current?.allowedIps?.join("\n") ?? ""}
        hint="IPv4 or IPv6 addresses and CIDR ranges, one per line (at most 50). Leave empty to allow any address."
        errors={errors.allowedIps}
        className="font-mono"
      />
    </div>
  );
}
