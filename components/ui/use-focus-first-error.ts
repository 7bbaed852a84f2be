"use client";
import { useEffect, type RefObject } from "react";

/**
 * After a submit that came back with field errors, brings the first invalid field into view and focuses it, so the
 * error (tied to it by aria-describedby) is seen and read even when the form was scrolled away from it.
 */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, fieldErrors: Record<string, string[]>) {
  useEffect(() => {
    if (!Object.keys(fieldErrors).length) return;
    const field = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!field) return;
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }, [form, fieldErrors]);
}
