/**
 * The control API's shapes: the shared contract's (contract/lab.ts), which the console's
 * local adapter parses with the same schemas, under the names the daemon's code uses. The
 * daemon imports nothing of the console; both import the contract.
 */
import type { z } from "zod";
import {
  LAB_ERROR_CODES,
  LabErrorBodySchema,
  type ActionStatus,
  type AlarmState,
  type Check,
  type Deployment,
  type Host,
  type LabErrorBody,
  type LabErrorCode,
  type LabEvent,
  type LabHealth,
  type MetricQuerySchema,
  type RunHandle,
  type RunSpecSchema,
  type RunStatus,
  type Series,
  type Service,
  type ServiceEdge,
  type ServiceNode,
  type Task,
  type TargetHealth,
  type Topology,
  type TraceSummary,
  type Traces,
} from "../../../contract/lab";

export {
  EventsQuerySchema,
  HaltAllBodySchema,
  MetricStatSchema,
  MetricQuerySchema,
  MetricsBodySchema,
  PaceBodySchema,
  RemediationActionSchema,
  RunSpecSchema,
  ScenarioIdSchema,
  ScenarioSpecSchema,
  StopBodySchema,
  TracesQuerySchema,
  type AlarmStateValue,
  type LabEventKind,
  type MetricPoint,
  type MetricStat,
  type RemediationAction,
  type RunOutcome,
  type RunPhase,
  type ScenarioId,
  type ScenarioSpec,
  type TaskLastStatus,
} from "../../../contract/lab";
export { SCENARIO_IDS } from "../../../contract/scenarios";

export const ERROR_CODES = LAB_ERROR_CODES;
export type ErrorCode = LabErrorCode;
export const ErrorBodySchema = LabErrorBodySchema;
export type ErrorBody = LabErrorBody;

/** A run spec as the daemon holds it once parsed (params and tags defaulted). */
export type RunSpec = z.infer<typeof RunSpecSchema>;
export type MetricQuery = z.infer<typeof MetricQuerySchema>;

export type TaskView = Task;
export type DeploymentView = Deployment;
export type ServiceView = Service;
export type HostView = Host;
export type TargetState = TargetHealth["state"];
export type TargetHealthView = TargetHealth;
export type TopologyView = Topology;
export type RunHandleView = RunHandle;
export type ActionState = ActionStatus["state"];
export type ActionStatusView = ActionStatus;
export type RunStatusView = RunStatus;
export type CheckView = Check;
export type SeriesView = Series;
export type Comparison = AlarmState["comparison"];
export type AlarmStateView = AlarmState;
export type LabEventView = LabEvent;
export type ServiceNodeView = ServiceNode;
export type ServiceEdgeView = ServiceEdge;
export type TraceSummaryView = TraceSummary;
export type TracesView = Traces;
export type HealthView = LabHealth;
