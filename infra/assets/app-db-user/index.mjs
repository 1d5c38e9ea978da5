// CloudFormation custom resource: creates the target service's own database role in Aurora
// through the RDS Data API, so the deployment needs no VPC access and no SQL client.
//
// The password never appears in SQL: the role gets a SCRAM-SHA-256 verifier computed here
// (Postgres stores pre-hashed verifiers as they are), so Data API request logs hold no
// reusable secret. Deleting the resource leaves the role: the cluster is snapshotted on
// delete and a dropped role would break restores.
import { Buffer } from "node:buffer";
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { request as httpsRequest } from "node:https";

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const SCRAM_ITERATIONS = 4096;

/** A SCRAM-SHA-256 verifier in the form Postgres stores in pg_authid. */
export function scramVerifier(password, salt = randomBytes(16)) {
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, SCRAM_ITERATIONS, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

function identifier(name) {
  if (!ROLE_NAME.test(name)) throw new Error(`not a safe Postgres identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function literal(value) {
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The statements that create or update the role; idempotent, so Update replays them. */
export function roleStatements(username, verifier, database) {
  const role = identifier(username);
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(username)}) THEN CREATE ROLE ${role} LOGIN; END IF; END $$`,
    `ALTER ROLE ${role} WITH LOGIN PASSWORD ${literal(verifier)}`,
    `GRANT CONNECT ON DATABASE ${identifier(database)} TO ${role}`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${role}`,
  ];
}

function sendResponse(url, body) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpsRequest(
      { method: "PUT", hostname: target.hostname, port: target.port || 443, path: `${target.pathname}${target.search}`, headers: { "content-type": "", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function awsDeps() {
  const { RDSDataClient, ExecuteStatementCommand } = await import("@aws-sdk/client-rds-data");
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const data = new RDSDataClient({});
  const secrets = new SecretsManagerClient({});
  return {
    executeStatement: (input) => data.send(new ExecuteStatementCommand(input)),
    getSecretString: async (secretId) => (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? "",
    send: sendResponse,
  };
}

/** Builds the handler from a dependency factory; tests pass fakes, Lambda uses the AWS SDK. */
export function createHandler(loadDeps) {
  return async function handler(event) {
    const props = event.ResourceProperties;
    const physicalId = `${props.ClusterArn}/${props.Username}`;
    let deps;
    let status = "SUCCESS";
    let reason = "role is in place";
    try {
      deps = await loadDeps();
      if (event.RequestType !== "Delete") {
        const secret = JSON.parse(await deps.getSecretString(props.AppSecretArn));
        if (secret.username !== props.Username) throw new Error(`app secret is for ${JSON.stringify(secret.username)}, expected ${JSON.stringify(props.Username)}`);
        for (const sql of roleStatements(props.Username, scramVerifier(secret.password), props.Database)) {
          await deps.executeStatement({ resourceArn: props.ClusterArn, secretArn: props.AdminSecretArn, database: props.Database, sql });
        }
      }
    } catch (error) {
      status = "FAILED";
      reason = error instanceof Error ? error.message : String(error);
      console.error(JSON.stringify({ msg: "app database role failed", reason }));
    }
    const body = JSON.stringify({
      Status: status,
      Reason: reason.slice(0, 1000),
      PhysicalResourceId: physicalId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    });
    // Always answer, or CloudFormation waits an hour for a response that never comes.
    await (deps?.send ?? sendResponse)(event.ResponseURL, body);
    return { status, physicalId };
  };
}

export const handler = createHandler(awsDeps);
