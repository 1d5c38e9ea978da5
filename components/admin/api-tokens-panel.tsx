"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { ApiCallError, apiCall } from "@/lib/client/api";
import { formText } from "@/lib/client/form";

/** A token as the page shows it (dates already ISO strings). */
export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const CreatedSchema = z.object({ token: z.string() });

export function ApiTokensPanel({ tokens }: { tokens: TokenRow[] }) {
  const router = useRouter();
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = formText(data, "expiresInDays");
    try {
      const created = await apiCall("/api/tokens", CreatedSchema, {
        body: { name: formText(data, "name"), ...(days ? { expiresInDays: Number(days) } : {}) },
      });
      setFresh(created.token);
      setError(null);
      form.reset();
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiCallError ? caught.message : "Could not create the token.");
    }
  }

  async function revoke(id: string) {
    try {
      await apiCall(`/api/tokens/${id}`, z.unknown(), { method: "DELETE" });
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiCallError ? caught.message : "Could not revoke the token.");
    }
  }

  return (
    <div className="stack">
      <form className="card stack" onSubmit={(event) => void create(event)} style={{ maxWidth: 520 }}>
        <h2>New API token</h2>
        <p className="muted">Tokens act as you (same role) for automation: `Authorization: Bearer gdc_…`.</p>
        <div className="row">
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor="token-name">Name</label>
            <input id="token-name" name="name" required maxLength={80} placeholder="CI pipeline" />
          </div>
          <div className="field">
            <label htmlFor="token-expiry">Expires in (days)</label>
            <input id="token-expiry" name="expiresInDays" type="number" min={1} max={365} placeholder="never" />
          </div>
        </div>
        <div>
          <button className="button primary" type="submit">
            Create token
          </button>
        </div>
        {fresh ? (
          <div className="banner ok" role="status">
            Copy it now; it is not shown again: <code data-testid="fresh-token">{fresh}</code>
          </div>
        ) : null}
      </form>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <section className="card">
        <h2>Your tokens</h2>
        {tokens.length === 0 ? (
          <p className="empty">No tokens yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td className="mono">{token.prefix}…</td>
                  <td className="mono">{token.createdAt.slice(0, 16)}</td>
                  <td className="mono">{token.lastUsedAt?.slice(0, 16) ?? "never"}</td>
                  <td className="mono">{token.expiresAt?.slice(0, 10) ?? "never"}</td>
                  <td>
                    {token.revokedAt ? (
                      <span className="badge bad">revoked</span>
                    ) : (
                      <button className="button small danger" type="button" onClick={() => void revoke(token.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
