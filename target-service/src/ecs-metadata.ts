/**
 * The task's own identity from the ECS task metadata endpoint (v4), so logs, spans and the
 * SSM fault-flag bucket use the task id that ECS events, the console and X-Ray show,
 * instead of a random one.
 */
import http from "node:http";
import { z } from "zod";

const TaskMetadataSchema = z.object({
  TaskARN: z.string().regex(/^arn:[^:]+:ecs:[^:]*:[^:]*:task\/.+/, "TaskARN is not an ECS task ARN"),
  Family: z.string().min(1),
  Revision: z.string().min(1),
});

/** Who this task is, as ECS names it. */
export interface EcsTaskIdentity {
  /** The last segment of the task ARN (what the ECS console and events show). */
  taskId: string;
  /** `family:revision` of the task definition, e.g. `gameday-api:3`. */
  version: string;
}

/** Reads `${metadataUri}/task`; rejects when the endpoint is unreachable, slow or odd. */
export function readEcsTaskIdentity(metadataUri: string, timeoutMs = 1000): Promise<EcsTaskIdentity> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${metadataUri}/task`, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        if (res.statusCode !== 200) {
          reject(new Error(`task metadata endpoint answered ${res.statusCode}`));
          return;
        }
        try {
          const metadata = TaskMetadataSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          resolve({ taskId: metadata.TaskARN.slice(metadata.TaskARN.lastIndexOf("/") + 1), version: `${metadata.Family}:${metadata.Revision}` });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`task metadata endpoint did not answer within ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}
