/**
 * Two consoles on one machine (two checkouts, or a console beside a test run): the second
 * moves off the busy default ports and comes up; one that would share a data directory or
 * a port someone chose refuses with what is busy and what to do. Nothing prints `undefined`.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/scripts/db/embedded-postgres";
import { isAlive, readRegistry, startConsole, waitFor, cleanUpConsoles, type ConsoleUnderTest } from "./console-drill";

const root = mkdtempSync(path.join(os.tmpdir(), "gameday-drill-two-"));
const started: ConsoleUnderTest[] = [];

afterAll(() => cleanUpConsoles(started, root));

async function healthy(url: string): Promise<boolean> {
  const response = await fetch(`${url}/api/health`).catch(() => null);
  return response?.ok ?? false;
}

describe("two consoles on one machine", () => {
  // A first start may build the console (a few minutes on two busy cores).
  it("the second moves off busy default ports; shared data and chosen busy ports are refused clearly", async () => {
    // The first takes a console port of its own; its lab and Postgres take their defaults.
    const firstPort = String(await findFreePort());
    const first = await startConsole({ PORT: firstPort, GAMEDAY_DATA_DIR: path.join(root, "first") });
    started.push(first);
    expect(first.up, first.output()).toBe(true);

    // The second sets no ports at all: whatever the first holds, it must move off and say so.
    const second = await startConsole({ GAMEDAY_DATA_DIR: path.join(root, "second"), PORT: "", LAB_PORT: "", LAB_PUBLIC_PORT: "" });
    started.push(second);
    expect(second.up, second.output()).toBe(true);
    expect(second.url).not.toBe(first.url);
    expect(second.output()).toMatch(/is busy.*; using \d+/);
    expect(await healthy(first.url)).toBe(true);
    expect(await healthy(second.url)).toBe(true);

    // A third on the first one's data directory would corrupt it: refused, the first unharmed.
    const sameData = await startConsole({ PORT: "", GAMEDAY_DATA_DIR: path.join(root, "first") });
    const sameDataExit = await sameData.exited;
    expect(sameData.up).toBe(false);
    expect(sameDataExit.code).not.toBe(0);
    expect(sameData.output()).toMatch(/Another console is running from .*first \(pid \d+, http:\/\/localhost:\d+/);
    expect(sameData.output()).toMatch(/GAMEDAY_DATA_DIR=/);
    expect(sameData.output()).not.toMatch(/undefined/);
    expect(readRegistry(path.join(root, "first"))?.supervisorPid).toBe(first.child.pid);
    expect(await healthy(first.url)).toBe(true);

    // A port someone chose that is busy: the start names the holder and the variable to set.
    const chosenBusy = await startConsole({ PORT: firstPort, GAMEDAY_DATA_DIR: path.join(root, "third") });
    const chosenExit = await chosenBusy.exited;
    expect(chosenBusy.up).toBe(false);
    expect(chosenExit.code).not.toBe(0);
    // The holder is named by its pid and command line: the first console's server entry.
    expect(chosenBusy.output()).toMatch(new RegExp(`Port ${firstPort} \\(PORT, the console\\) is busy: pid \\d+: \\S*node .*server\\.mjs.*Stop that program, or choose another port, e\\.g\\. PORT=\\d+ npm start`));
    expect(chosenBusy.output()).not.toMatch(/undefined/);

    // Both stop cleanly and take everything they started with them.
    const owned = [path.join(root, "first"), path.join(root, "second")].flatMap((dir) => readRegistry(dir)?.processes.map((entry) => entry.pid) ?? []);
    expect(owned.length).toBe(6);
    for (const running of [first, second]) running.child.kill("SIGINT");
    expect((await first.exited).code).toBe(0);
    expect((await second.exited).code).toBe(0);
    expect(await waitFor(() => owned.filter(isAlive), (alive) => alive.length === 0, 20_000, "both consoles' processes to stop")).toEqual([]);
  }, 900_000);
});
