import type { z } from "zod";
import { ApiCallError } from "./api";

/** zod issues keyed by field path, for showing next to inputs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** A text field of a submitted form ("" when absent or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A readable message for any failure of a browser call (the server's message when it sent one). */
export function errorMessage(error: unknown, fallback = "Something went wrong. Try again."): string {
  return error instanceof ApiCallError && error.message ? error.message : fallback;
}
