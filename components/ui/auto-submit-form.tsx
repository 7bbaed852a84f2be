"use client";
import type { FormHTMLAttributes } from "react";

/** A GET form that applies itself as soon as a choice changes (its submit button stays for keyboards and no-JS). */
export function AutoSubmitForm(props: FormHTMLAttributes<HTMLFormElement>) {
  return <form {...props} onChange={(e) => e.currentTarget.requestSubmit()} />;
}
