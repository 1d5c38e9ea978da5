import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";
import { checkSameOrigin } from "./same-origin";
import { signInErrorCode, signInErrorMessage } from "./sign-in-errors";

const CONSOLE = "https://console.example";

describe("checkSameOrigin", () => {
  const verdict = (headers: Record<string, string>) => checkSameOrigin(new Headers(headers), CONSOLE).ok;

  it("trusts Origin first, then Sec-Fetch-Site, then Referer", () => {
    expect(verdict({ origin: CONSOLE })).toBe(true);
    expect(verdict({ origin: "https://evil.example", "sec-fetch-site": "same-origin" })).toBe(false);
    expect(verdict({ origin: "null" })).toBe(false);
    expect(verdict({ origin: "https://console.example:8443" })).toBe(false);
    expect(verdict({ "sec-fetch-site": "same-origin" })).toBe(true);
    expect(verdict({ "sec-fetch-site": "same-site" })).toBe(false);
    expect(verdict({ "sec-fetch-site": "cross-site", referer: `${CONSOLE}/x` })).toBe(false);
    expect(verdict({ referer: `${CONSOLE}/gamedays/1` })).toBe(true);
    expect(verdict({ referer: "https://console.example.evil.example/" })).toBe(false);
    expect(verdict({ referer: "not a url" })).toBe(false);
  });

  it("lets through a request no browser page sent (no Origin, Sec-Fetch-Site or Referer)", () => {
    expect(verdict({})).toBe(true);
  });
});

describe("safeCallbackPath", () => {
  it("keeps paths of the console and drops everything a browser would read as another site", () => {
    expect(safeCallbackPath("/gamedays/abc?tab=live")).toBe("/gamedays/abc?tab=live");
    for (const offsite of ["//evil.example", "/\\evil.example", "/\\/evil.example", "/\t/evil.example", "https://evil.example/", "javascript:alert(1)", undefined, ["/a", "/b"]]) {
      expect(safeCallbackPath(offsite)).toBe("/");
    }
  });
});

describe("sign-in error messages", () => {
  it("say when to try again for refusals that end by themselves", () => {
    expect(signInErrorMessage(signInErrorCode("locked", 840))).toBe("Too many failed attempts: this account is locked; try again in 14 minutes.");
    expect(signInErrorMessage(signInErrorCode("rate-limited", 30))).toBe("Too many failed attempts from your address; try again in a minute.");
    expect(signInErrorMessage("invalid")).toBe("Email or password is wrong.");
    expect(signInErrorMessage("<script>alert(1)</script>")).toBe("Sign-in failed. Try again.");
  });
});
