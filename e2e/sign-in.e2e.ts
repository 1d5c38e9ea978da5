import { expect, test } from "@playwright/test";
import { signIn, snap } from "./helpers";

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/signin");
  await snap(page, "signin", "01-form");
  await page.getByLabel("Email").fill("facilitator@gameday.local");
  await page.getByLabel("Password").fill("definitely not it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is wrong." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  // Refused means no session: the console still sends this browser to sign in.
  expect((await page.request.get("/api/me")).status()).toBe(401);
  await snap(page, "signin", "02-refused");
});

test("the demo facilitator signs in, sees the demo game day, and signing out revokes the session", async ({ page, context }) => {
  await signIn(page, "facilitator@gameday.local");
  await expect(page.getByTestId("whoami")).toContainText("facilitator");
  await expect(page.getByRole("link", { name: /Demo game day/ })).toBeVisible();
  await snap(page, "signin", "03-game-days");

  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name.endsWith("gameday.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
  await snap(page, "signin", "04-signed-out");

  // The old cookie, replayed, is refused: sign-out was enforced on the server.
  const replay = await page.request.get("/api/me", { headers: { cookie: `${session?.name}=${session?.value}` } });
  expect(replay.status()).toBe(401);
});

test("a new trainee joins the demo game day with its code", async ({ browser }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin@gameday.local");
  const email = `new.trainee.${Date.now()}@gameday.local`;
  const password = "a fresh trainee password";
  const created = await admin.request.post("/api/users", { data: { email, name: "New Trainee", role: "trainee", password } });
  expect(created.status()).toBe(201);

  const facilitator = await browser.newPage();
  await signIn(facilitator, "facilitator@gameday.local");
  await facilitator.getByRole("link", { name: /Demo game day/ }).click();
  const code = (await facilitator.getByTestId("join-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z0-9]{6}$/);

  const trainee = await browser.newPage();
  await signIn(trainee, email, password);
  await trainee.goto("/join");
  await trainee.getByLabel("Join code").fill(code.toLowerCase());
  await trainee.getByLabel("Team (optional)").fill("Red");
  await trainee.getByRole("button", { name: "Join" }).click();
  await expect(trainee.getByRole("heading", { name: /Demo game day/ })).toBeVisible();
  // The responder's page names their team and its members.
  await expect(trainee.getByTestId("my-team")).toContainText("Red");
  await expect(trainee.getByTestId("my-team")).toContainText("New Trainee");
  // A trainee never sees the join code.
  await expect(trainee.getByTestId("join-code")).toHaveCount(0);
  await snap(trainee, "join", "01-joined");
});
