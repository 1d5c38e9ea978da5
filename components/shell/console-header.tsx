import Link from "next/link";
import type { Principal } from "@/lib/auth/principal";
import { SignOutButton } from "./sign-out-button";

export function ConsoleHeader({ principal }: { principal: Principal }) {
  return (
    <header className="shell-header">
      <Link href="/" className="brand">
        Game-day console
      </Link>
      <nav aria-label="Main">
        <Link href="/">Game days</Link>
        <Link href="/join">Join</Link>
        <Link href="/settings/tokens">API tokens</Link>
        {principal.role === "admin" ? (
          <>
            <Link href="/admin/users">Users</Link>
            <Link href="/admin/audit">Audit log</Link>
          </>
        ) : null}
        <a href="/api/openapi.json">API</a>
      </nav>
      <span className="muted" data-testid="whoami">
        {principal.name} · <span className="badge info">{principal.role}</span>
      </span>
      <SignOutButton />
    </header>
  );
}
