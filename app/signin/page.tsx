import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentPrincipal } from "@/lib/auth/current-user";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentPrincipal()) redirect(callbackUrl);
  return (
    <main className="auth-page">
      <div className="card stack">
        <div>
          <h1>Game-day console</h1>
          <p className="muted">Sign in to plan, run or join a game day.</p>
        </div>
        <SignInForm callbackUrl={callbackUrl} initialError={typeof params.error === "string" ? params.error : null} />
      </div>
    </main>
  );
}
