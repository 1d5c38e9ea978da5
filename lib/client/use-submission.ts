"use client";

import { useCallback, useState } from "react";
import { errorMessage } from "./form";

/**
 * The state every form that calls the API keeps: whether a call is in flight, and what to
 * show when something is wrong: field messages by path, and the form's own under `form`
 * (the server's message when it sent one).
 */
export function useSubmission() {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setError = useCallback((message: string | null) => setErrors(message === null ? {} : { form: message }), []);
  const submit = useCallback(async (action: () => Promise<void>, fallback: string) => {
    setPending(true);
    setErrors({});
    try {
      await action();
    } catch (failure) {
      setErrors({ form: errorMessage(failure, fallback) });
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, errors, setErrors, error: errors.form ?? null, setError, submit };
}
