import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./credentials";

/**
 * The Content Security Policy in a real browser: signing in and the live view (charts, the
 * event stream, the timeline) work under the nonce policy with no violation reported, and a
 * script injected into the page without the nonce is blocked.
 */

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Collects every CSP violation the page reports, from the first script on. */
async function watchViolations(page: Page): Promise<{ violations: Violation[]; consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { cspViolations: Violation[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
  return { violations: [], consoleErrors };
}

async function violationsOf(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { cspViolations?: Violation[] }).cspViolations ?? []);
}

test("the signed-in live view runs under the nonce policy with no CSP violation", async ({ page }) => {
  test.setTimeout(120_000);
  const watched = await watchViolations(page);
  const signInAnswer = await page.goto("/signin");
  const csp = signInAnswer?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(await violationsOf(page)).toEqual([]);

  await signIn(page, "facilitator@gameday.local");
  await page.getByRole("link", { name: /Demo game day/ }).click();
  await page.getByRole("tab", { name: "Live" }).click();
  await expect(page.getByTestId("stream-status")).toHaveAttribute("data-state", "open", { timeout: 30_000 });
  await expect(page.getByTestId("latest-healthyHosts")).not.toHaveAttribute("data-value", "", { timeout: 30_000 });

  expect(await violationsOf(page)).toEqual([]);
  expect(watched.consoleErrors).toEqual([]);
});

test("a script that reaches the HTML without the nonce does not run", async ({ page }) => {
  await watchViolations(page);
  // What a stored XSS would be: an inline script in the page as served, under the page's own policy.
  await page.route("**/signin", async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</body>", "<script>window.injectedRan = true</script></body>");
    await route.fulfill({ response, body: html });
  });
  await page.goto("/signin");
  await expect.poll(async () => (await violationsOf(page)).length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { injectedRan?: boolean }).injectedRan ?? false)).toBe(false);
  expect((await violationsOf(page)).map((violation) => violation.directive)).toEqual([expect.stringMatching(/^script-src/)]);
  // The console's own scripts still ran: the form is interactive.
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
});
