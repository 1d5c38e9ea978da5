"use client";

import { useCallback, useState } from "react";
import { errorMessage } from "./form";

/**
 * The state every form that calls the API keeps: whether a call is in flight and the
 * message to show when it failed (the server's own message when it sent one).
 */
export function useSubmission() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = useCallback(async (action: () => Promise<void>, fallback: string) => {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure, fallback));
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, setError, submit };
}
