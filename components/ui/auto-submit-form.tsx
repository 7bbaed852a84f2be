"use client";
import type { FormHTMLAttributes } from "react";

/**
 * A GET form that applies itself as soon as a choice changes — a select or a date; text fields wait for
 * Enter — and keeps its submit button for keyboards and no-JS.
 */
export function AutoSubmitForm(props: FormHTMLAttributes<HTMLFormElement>) {
  return (
    <form
      {...props}
      onChange={(e) => {
        const target = e.target as unknown as HTMLInputElement | HTMLSelectElement;
        if (target.tagName === "SELECT" || target.type === "date") e.currentTarget.requestSubmit();
      }}
    />
  );
}
