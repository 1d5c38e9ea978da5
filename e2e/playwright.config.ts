import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);

/**
 * Browser tests run against the production build on a throwaway embedded Postgres and a
 * real local lab (started by global-setup.ts), in Debian's Chromium.
 */
export default defineConfig({
  testDir: ".",
  testMatch: "**/*.e2e.ts",
  globalSetup: "./global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  // Each run's artefacts (step screenshots in screenshots/, axe findings in axe/, traces of
  // failures) stay in test-results/, which git ignores; the next run starts it afresh.
  outputDir: "../test-results",
  preserveOutput: "always",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    headless: true,
    // A step that cannot happen fails with its locator named instead of running out the test's clock.
    actionTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    },
  },
});
