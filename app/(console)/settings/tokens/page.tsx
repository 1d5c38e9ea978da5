import { ApiTokensPanel } from "@/components/admin/api-tokens-panel";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requirePagePrincipal } from "@/lib/auth/current-user";

export default async function TokensPage() {
  const principal = await requirePagePrincipal(undefined, "/settings/tokens");
  const tokens = await listApiTokens(principal.userId);
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return (
    <div className="stack">
      <h1>API tokens</h1>
      <ApiTokensPanel
        tokens={tokens.map((token) => ({
          id: token.id,
          name: token.name,
          prefix: token.prefix,
          createdAt: token.createdAt.toISOString(),
          lastUsedAt: iso(token.lastUsedAt),
          expiresAt: iso(token.expiresAt),
          revokedAt: iso(token.revokedAt),
        }))}
      />
    </div>
  );
}
