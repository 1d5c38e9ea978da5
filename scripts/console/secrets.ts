import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const LocalSecretsSchema = z.object({ nextauthSecret: z.string().min(32), labToken: z.string().min(16) });
export type LocalSecrets = z.infer<typeof LocalSecretsSchema>;

/** Secrets generated on first start and kept (mode 0600) in the data directory. */
export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) return LocalSecretsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { nextauthSecret: randomBytes(32).toString("base64url"), labToken: randomBytes(24).toString("base64url") };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
