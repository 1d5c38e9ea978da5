import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/api/errors";
import type { CreateApiTokenInput } from "./schemas";
import { randomSecret, sha256 } from "./secrets";

export const API_TOKEN_PREFIX = "gdc_";
const LAST_USED_RESOLUTION_MS = 60 * 1000;

export const ApiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export type ApiTokenView = z.infer<typeof ApiTokenViewSchema>;

/** Creates a token for its owner. The plain token is returned once and never stored. */
export async function createApiToken(userId: string, input: CreateApiTokenInput, now = new Date()): Promise<{ token: string; view: ApiTokenView }> {
  const token = randomSecret(API_TOKEN_PREFIX);
  const created = await db().apiToken.create({
    data: {
      userId,
      name: input.name,
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      tokenHash: sha256(token),
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    },
  });
  return { token, view: ApiTokenViewSchema.parse(created) };
}

export async function listApiTokens(userId: string): Promise<ApiTokenView[]> {
  const tokens = await db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return ApiTokenViewSchema.array().parse(tokens);
}

/** Only the owner may revoke; someone else's token id answers 404, as if it did not exist. */
export async function revokeApiToken(userId: string, tokenId: string, now = new Date()): Promise<ApiTokenView> {
  const token = await db().apiToken.findFirst({ where: { id: tokenId, userId } });
  if (!token) throw new ApiError("not_found", "No API token with that id belongs to you.");
  const revoked = token.revokedAt ? token : await db().apiToken.update({ where: { id: token.id }, data: { revokedAt: now } });
  return ApiTokenViewSchema.parse(revoked);
}

/** The live token and its owner, or null when unknown, revoked, expired or the owner is disabled. */
export async function authenticateApiToken(token: string, now = new Date()) {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const record = await db().apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now) || record.user.disabled) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db().apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return record;
}
