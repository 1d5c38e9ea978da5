import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { principalFromSessionCookie } from "./authenticate";
import type { Principal } from "./principal";
import type { Role } from "./roles";

/** The signed-in user of a server component, or null. */
export async function currentPrincipal(): Promise<Principal | null> {
  const store = await cookies();
  const header = store
    .getAll()
    .map((cookie) => `${cookie.name}=${encodeURIComponent(cookie.value)}`)
    .join("; ");
  return principalFromSessionCookie(header);
}

/** For pages: the signed-in user with one of `roles`, else a redirect (sign-in or home). */
export async function requirePagePrincipal(roles?: readonly Role[], returnTo = "/"): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (roles && !roles.includes(principal.role)) redirect("/?denied=1");
  return principal;
}
