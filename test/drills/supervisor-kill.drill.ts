/**
 * kill -9 of `npm start`'s supervisor in the middle of a fault: nothing it started survives
 * or holds a port, the next start comes up on the same data, the run is reconciled (it says
 * how and when its fault ended while the console was down) and a browser resumes its stream.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readEvents, timelineIds } from "@/test/sse";
import { consolePorts, demoGameDay, isAlive, labTaskPids, portsFree, readRegistry, RunsSchema, startConsole, waitFor, cleanUpConsoles, type ConsoleUnderTest } from "./console-drill";

const root = mkdtempSync(path.join(os.tmpdir(), "gameday-drill-supervisor-"));
const dataDir = path.join(root, "data");
const started: ConsoleUnderTest[] = [];

afterAll(() => cleanUpConsoles(started, root));

describe("the supervisor is killed with SIGKILL mid-fault", () => {
  // A first start may build the console (a few minutes on two busy cores).
  it("leaves nothing running, restarts cleanly and reconciles the run", async () => {
    const ports = await consolePorts();
    const env = { ...ports, GAMEDAY_DATA_DIR: dataDir };
    const first = await startConsole(env);
    started.push(first);
    expect(first.up, first.output()).toBe(true);

    const { session, gameDayId } = await demoGameDay(first.url, first.credentials);
    const { run } = await session.call(`/api/gamedays/${gameDayId}/runs`, z.object({ run: z.object({ id: z.string() }) }), {
      body: { scenarioId: "network-latency", params: {}, durationSeconds: 120, idempotencyKey: `drill-supervisor-${Date.now()}`, confirmBlastRadius: true },
    });
    await waitFor(() => session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema), ({ runs }) => runs.some((entry) => entry.id === run.id && entry.injectedAt !== null), 60_000, "the fault to be injected");

    // A browser tab watching: the newest timeline event it has seen when the console dies.
    const watching = await fetch(`${first.url}/api/gamedays/${gameDayId}/stream`, { headers: { cookie: session.cookie, accept: "text/event-stream" } });
    const seenBefore = timelineIds(await readEvents(watching, (received) => timelineIds(received).length > 0 && received.length > 3, 10_000));
    expect(seenBefore.length).toBeGreaterThan(0);
    const lastSeen = seenBefore.map(BigInt).reduce((a, b) => (a > b ? a : b));

    const registry = readRegistry(dataDir);
    expect(registry?.processes.map((entry) => entry.name).sort()).toEqual(["console server", "embedded Postgres", "local lab"]);
    const owned = registry?.processes.map((entry) => entry.pid) ?? [];
    const tasks = labTaskPids(path.join(dataDir, "lab"));
    expect(tasks.length).toBeGreaterThan(0);
    const postgresPort = z.object({ port: z.number() }).parse(JSON.parse(readFileSync(path.join(dataDir, "postgres", "cluster.json"), "utf8"))).port;
    const allPorts = [Number(ports.PORT), Number(ports.LAB_PORT), Number(ports.LAB_PUBLIC_PORT), postgresPort];

    const killedAt = Date.now();
    first.child.kill("SIGKILL");
    await first.exited;
    const survivors = await waitFor(() => [...owned, ...tasks].filter(isAlive), (alive) => alive.length === 0, 30_000, "every process of the killed console to stop");
    expect(survivors).toEqual([]);
    expect(await waitFor(() => portsFree(allPorts), Boolean, 10_000, "the console's ports to be free")).toBe(true);
    expect(readRegistry(dataDir)).toBeNull();

    const second = await startConsole(env);
    started.push(second);
    expect(second.up, second.output()).toBe(true);
    const restartedAt = Date.now();
    const again = await demoGameDay(second.url, first.credentials);

    const { runs } = await waitFor(
      () => again.session.call(`/api/gamedays/${gameDayId}/runs`, RunsSchema),
      (value) => value.runs.every((entry) => entry.status === "ended"),
      60_000,
      "every run to be reconciled as ended",
    );
    const reconciled = runs.find((entry) => entry.id === run.id);
    expect(reconciled?.statusReason).toBeTruthy();
    // The fault ended while the console was down, and the run says when.
    const revertedAt = Date.parse(reconciled?.revertedAt ?? "");
    expect(revertedAt).toBeGreaterThanOrEqual(killedAt - 1000);
    expect(revertedAt).toBeLessThan(restartedAt);

    // The tab reconnects with the last id it saw and gets what happened since, nothing twice.
    const resumed = await fetch(`${second.url}/api/gamedays/${gameDayId}/stream`, { headers: { cookie: again.session.cookie, accept: "text/event-stream", "last-event-id": String(lastSeen) } });
    expect(resumed.status).toBe(200);
    const received = await readEvents(
      resumed,
      (events) => events.some((entry) => entry.event.type === "timeline" && entry.event.event.kind === "run.phase" && entry.event.event.runId === run.id && /ended/.test(entry.event.event.body)),
      20_000,
    );
    const resumedIds = timelineIds(received).map(BigInt);
    expect(resumedIds.length).toBeGreaterThan(0);
    expect(resumedIds.every((id) => id > lastSeen)).toBe(true);
    expect(received.some((entry) => entry.event.type === "timeline" && entry.event.event.kind === "run.phase" && entry.event.event.runId === run.id)).toBe(true);

    second.child.kill("SIGTERM");
    const exit = await second.exited;
    expect(exit.code).toBe(0);
    const restartedOwned = await waitFor(() => labTaskPids(path.join(dataDir, "lab")), (alive) => alive.length === 0, 20_000, "the lab's tasks to stop");
    expect(restartedOwned).toEqual([]);
  }, 900_000);
});
