/** What the sign-in page says for each refusal (next-auth passes the reason as `error`). */
export const SIGN_IN_ERRORS: Record<string, string> = {
  invalid: "Email or password is wrong.",
  locked: "Too many failed attempts: this account is locked for 15 minutes.",
  "rate-limited": "Too many failed attempts from your address: wait 10 minutes and try again.",
  disabled: "This account is disabled. Ask an admin.",
  CredentialsSignin: "Email or password is wrong.",
  SessionRequired: "Sign in to continue.",
};

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return SIGN_IN_ERRORS[code] ?? "Sign-in failed. Try again.";
}
