import type { Page } from "@playwright/test";
import { z } from "zod";

const CredentialsSchema = z.array(z.object({ role: z.string(), email: z.string(), password: z.string(), team: z.string().optional() }));

/** The demo accounts the global setup seeded, by email. */
export function credentialFor(email: string): { email: string; password: string } {
  const credentials = CredentialsSchema.parse(JSON.parse(process.env.E2E_CREDENTIALS ?? "[]"));
  const found = credentials.find((credential) => credential.email === email);
  if (!found) throw new Error(`no seeded account ${email}`);
  return found;
}

/** Signs in through the form; the password defaults to the seeded one. */
export async function signIn(page: Page, email: string, password = credentialFor(email).password): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("whoami").waitFor();
}
