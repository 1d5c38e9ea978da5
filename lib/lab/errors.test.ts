import { describe, expect, it } from "vitest";
import { toApiError } from "@/lib/api/errors";
import { isLabError, LabError } from "./errors";

/** The same class as a second bundle of the server carries it: same name and shape, another identity. */
class LabErrorFromAnotherBundle extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "LabError";
  }
}

describe("lab errors across the server's bundles", () => {
  it("recognises a lab error whose class came from another bundle, by its name and code", () => {
    const foreign = new LabErrorFromAnotherBundle("unreachable", "The local lab is unreachable");
    expect(foreign instanceof LabError).toBe(false);
    expect(isLabError(foreign)).toBe(true);
    expect(isLabError(new LabError("throttled", "slow down"))).toBe(true);
  });

  it("does not mistake other errors for lab errors", () => {
    expect(isLabError(new LabErrorFromAnotherBundle("no-such-code", "x"))).toBe(false);
    expect(isLabError(Object.assign(new Error("x"), { code: "unreachable" }))).toBe(false);
    expect(isLabError({ name: "LabError", code: "unreachable", message: "x" })).toBe(false);
  });

  it("answers a foreign lab error with the lab's status instead of a 500", () => {
    const answer = toApiError(new LabErrorFromAnotherBundle("unreachable", "The local lab is unreachable"));
    expect(answer.code).not.toBe("internal");
    expect(answer.message).toMatch(/^Lab: The local lab is unreachable/);
  });
});
