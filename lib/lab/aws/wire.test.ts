/**
 * Real HTTP on 127.0.0.1: the hand-built FIS safety-lever commands and the clients' adaptive
 * retry, exercised through the SDK's whole middleware stack (serializer, SigV4 signing,
 * retry, deserializer) against a stand-in server. No mocks of the SDK here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isLabError } from "../errors";
import { createAwsClients, type AwsClients } from "./clients";
import { awsLabConfigFromOutputs } from "./config";
import { toLabError } from "./errors";
import { GetSafetyLeverCommand, UpdateSafetyLeverStateCommand } from "./safety-lever";
import { OUTPUTS } from "./test/fixtures";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

type Reply = (request: Seen, response: ServerResponse) => void;

let server: Server;
let seen: Seen[] = [];
let reply: Reply = (_request, response) => response.writeHead(500).end();
let clients: AwsClients;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(entry);
      reply(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const config = awsLabConfigFromOutputs(OUTPUTS, { maxAttempts: 3 });
  clients = createAwsClients(config, {
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  });
});

afterEach(() => {
  seen = [];
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_request, response) => {
    response.writeHead(status, { "content-type": "application/json", "x-amzn-requestid": "3b1e1e27-EXAMPLE", ...headers });
    response.end(JSON.stringify(body));
  };
}

const LEVER = {
  safetyLever: { id: "default", arn: `arn:aws:fis:eu-west-1:123456789012:safety-lever/default`, state: { status: "disengaged", reason: "Ready for game day" } },
};

describe("FIS safety lever commands over HTTP", () => {
  it("GetSafetyLever sends a signed GET /safetyLevers/{id} and maps the response", async () => {
    reply = json(200, LEVER);
    const output = await clients.fis.send(new GetSafetyLeverCommand({ id: "default" }));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe("GET");
    expect(seen[0]?.url).toBe("/safetyLevers/default");
    expect(seen[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/fis\/aws4_request/);
    expect(output.safetyLever?.state?.status).toBe("disengaged");
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.$metadata.requestId).toBe("3b1e1e27-EXAMPLE");
  });

  it("UpdateSafetyLeverState sends PATCH /safetyLevers/{id}/state with { state: { status, reason } }", async () => {
    reply = json(200, { safetyLever: { ...LEVER.safetyLever, state: { status: "engaged", reason: "halt-all: runaway latency" } } });
    const output = await clients.fis.send(new UpdateSafetyLeverStateCommand({ id: "default", state: { status: "engaged", reason: "halt-all: runaway latency" } }));
    expect(seen[0]?.method).toBe("PATCH");
    expect(seen[0]?.url).toBe("/safetyLevers/default/state");
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({ state: { status: "engaged", reason: "halt-all: runaway latency" } });
    expect(output.safetyLever?.state?.status).toBe("engaged");
  });

  it("turns a restJson1 error into a typed SDK error the adapter maps (409 → conflict)", async () => {
    reply = json(409, { message: "The safety lever is already engaged." }, { "x-amzn-errortype": "ConflictException:http://internal.amazon.com/coral/com.amazonaws.fis/" });
    const error = await clients.fis.send(new UpdateSafetyLeverStateCommand({ id: "default", state: { status: "engaged", reason: "again" } })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ConflictException", $fault: "client" });
    const mapped = toLabError(error, "fis:UpdateSafetyLeverState");
    expect(mapped.code).toBe("conflict");
    expect(mapped.message).toContain("already engaged");
    expect(mapped.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});

describe("adaptive retry", () => {
  it("retries a throttled call up to maxAttempts, then reports 'throttled'", async () => {
    reply = json(429, { message: "Rate exceeded" }, { "x-amzn-errortype": "ThrottlingException" });
    const started = Date.now();
    const error = await clients.fis.send(new GetSafetyLeverCommand({ id: "default" })).catch((caught: unknown) => toLabError(caught, "fis:GetSafetyLever"));
    expect(seen).toHaveLength(3);
    expect(isLabError(error) && error.code).toBe("throttled");
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it("recovers when throttling stops before the attempts run out", async () => {
    let calls = 0;
    reply = (request, response) => {
      calls += 1;
      if (calls === 1) json(429, { message: "Rate exceeded" }, { "x-amzn-errortype": "ThrottlingException" })(request, response);
      else json(200, LEVER)(request, response);
    };
    const output = await clients.fis.send(new GetSafetyLeverCommand({ id: "default" }));
    expect(seen).toHaveLength(2);
    expect(output.safetyLever?.id).toBe("default");
  });

  it("maps a refused connection to 'unreachable'", async () => {
    const config = awsLabConfigFromOutputs(OUTPUTS, { maxAttempts: 1 });
    // Port 9 (discard) is closed on a test machine: the connection is refused locally.
    const offline = createAwsClients(config, { endpoint: "http://127.0.0.1:9", credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "secret" } });
    const error = await offline.fis.send(new GetSafetyLeverCommand({ id: "default" })).catch((caught: unknown) => toLabError(caught, "fis:GetSafetyLever"));
    expect(isLabError(error) && error.code).toBe("unreachable");
  });
});
