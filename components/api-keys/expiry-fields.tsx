"use client";
import { useState } from "react";
import { SelectField, TextField } from "@/components/ui/field";

/**
 * The Expires control: keep (edit only), never, 7/30/90 days, or a date (the key works until the end of that day, UTC).
 */
export function ExpiryFields({ keepLabel, errors }: { keepLabel?: string; errors: Record<string, string[]> }) {
  const [choice, setChoice] = useState(keepLabel ? "keep" : "never");
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField
        label="Expires"
        name="expires"
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
        errors={errors.expires}
      >
        {keepLabel && <option value="keep">Keep as is ({keepLabel})</option>}
        <option value="never">Never</option>
        <option value="7">In 7 days</option>
        <option value="30">In 30 days</option>
        <option value="90">In 90 days</option>
        <option value="custom">On a date…</option>
      </SelectField>
      {choice === "custom" && (
        <TextField label="Expiry date" name="expiresOn" type="date" min={tomorrow} required errors={errors.expiresOn} />
      )}
    </div>
  );
}
