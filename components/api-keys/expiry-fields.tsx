"use client";
import { useState } from "react";
import { SelectField, TextField } from "@/components/ui/field";

const DAY_CHOICES = [7, 30, 90, 365] as const;

/**
 * The Expires control: keep (edit only), never, 7/30/90/365 days, or a date (the key works until the end of that day,
 * UTC). A new key starts at the account's maximum key lifetime, else 90 days
 * (docs/concepts.md#status-expiry-and-deletion); under a maximum, neither "Never" nor anything longer is offered.
 */
export function ExpiryFields({
  keepLabel,
  maxDays = null,
  errors,
}: {
  keepLabel?: string;
  /** The account's maximum key lifetime in days, if it has one. */
  maxDays?: number | null;
  errors: Record<string, string[]>;
}) {
  const [choice, setChoice] = useState(keepLabel ? "keep" : String(maxDays ?? 90));
  const day = 24 * 3600 * 1000;
  const tomorrow = new Date(Date.now() + day).toISOString().slice(0, 10);
  const latest = maxDays ? new Date(Date.now() + maxDays * day).toISOString().slice(0, 10) : undefined;
  return (
    // Side by side only with the date, so the chosen option ("Keep as is (expires …)") is never cut off.
    <div className={`grid gap-4 ${choice === "custom" ? "sm:grid-cols-2" : ""}`}>
      <SelectField
        label="Expires"
        name="expires"
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
        errors={errors.expires}
        hint={maxDays ? `This account allows keys of at most ${maxDays} days.` : undefined}
      >
        {keepLabel && <option value="keep">Keep as is ({keepLabel})</option>}
        {!maxDays && <option value="never">Never</option>}
        {DAY_CHOICES.filter((days) => !maxDays || days <= maxDays).map((days) => (
          <option key={days} value={String(days)}>
            In {days} days
          </option>
        ))}
        <option value="custom">On a date…</option>
      </SelectField>
      {choice === "custom" && (
        <TextField
          label="Expiry date"
          name="expiresOn"
          type="date"
          min={tomorrow}
          max={latest}
          required
          errors={errors.expiresOn}
        />
      )}
    </div>
  );
}
