/**
 * What the elected poller writes to the LiveFrame table and every instance reads back: the
 * upstream state of one game day. Payloads are parsed on the way in and out.
 */
import { z } from "zod";
import { AlarmStateSchema, SeriesSchema, ServiceGraphSchema, TopologySchema, TraceSummarySchema } from "@/lib/lab/types";

export const FramePayloadSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("metrics"), periodSeconds: z.number().int().positive(), replace: z.boolean(), series: z.array(SeriesSchema) }),
  z.object({ type: z.literal("alarms"), alarms: z.array(AlarmStateSchema) }),
  z.object({ type: z.literal("fleet"), topology: TopologySchema }),
  z.object({ type: z.literal("traces"), graph: ServiceGraphSchema, samples: z.array(TraceSummarySchema) }),
  z.object({
    type: z.literal("lab"),
    reachable: z.boolean(),
    detail: z.string(),
    /** Event sources the lab could not read on its last poll (e.g. a missing permission), each with why. */
    staleSources: z.array(z.string()).default([]),
  }),
]);
export type FramePayload = z.infer<typeof FramePayloadSchema>;
export type FrameType = FramePayload["type"];

export interface Frame {
  id: bigint;
  at: Date;
  payload: FramePayload;
}
