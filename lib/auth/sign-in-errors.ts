/**
 * What the sign-in page says for each refusal. next-auth passes the reason as `error`; a
 * refusal that ends by itself carries the seconds to wait (`locked:840`), so the page can say
 * when to try again instead of a fixed guess.
 */
export const SIGN_IN_ERRORS: Record<string, string> = {
  invalid: "Email or password is wrong.",
  locked: "Too many failed attempts: this account is locked.",
  "rate-limited": "Too many failed attempts from your address.",
  disabled: "This account is disabled. Ask an admin.",
  CredentialsSignin: "Email or password is wrong.",
  SessionRequired: "Sign in to continue.",
};

/** The `error` code next-auth carries for a refusal: the reason, and the wait when there is one. */
export function signInErrorCode(reason: string, retryAfterSeconds?: number): string {
  return retryAfterSeconds === undefined ? reason : `${reason}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

function waitPhrase(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "try again in a minute" : `try again in ${minutes} minutes`;
}

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  const match = /^([a-z-]+):(\d{1,7})$/i.exec(code);
  const reason = match?.[1] ?? code;
  const known = SIGN_IN_ERRORS[reason];
  if (!known) return "Sign-in failed. Try again.";
  if (!match?.[2]) return known;
  return `${known.replace(/\.$/, "")}; ${waitPhrase(Number(match[2]))}.`;
}
