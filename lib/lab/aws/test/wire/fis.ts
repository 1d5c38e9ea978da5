/**
 * AWS FIS response bodies (restJson1) from the AWS CLI's documented examples (aws/aws-cli,
 * awscli/examples/fis/<operation>.rst; the CLI prints FIS timestamps as the epoch seconds
 * the wire carries) and, for the safety lever, the FIS API reference's response syntax.
 * Tests add the test deployment's tags where the adapter filters by them.
 */

/** The tags the console puts on experiments it starts (see ../../outputs.ts GAMEDAY_TAGS). */
export function ourTags(runId: string, scenarioId = "ecs-task-termination", lease?: string): Record<string, string> {
  return { "gameday:deployment": "gameday", "gameday:run": runId, "gameday:scenario": scenarioId, ...(lease ? { "gameday:lease": lease } : {}) };
}

/** awscli/examples/fis/get-experiment.rst: a completed experiment whose action reports no start or end time. */
export function documentedExperiment(tags: Record<string, string> = {}): Record<string, unknown> {
  return {
    id: "ABC12DeFGhI3jKLMNOP",
    experimentTemplateId: "ABCDE1fgHIJkLmNop",
    roleArn: "arn:aws:iam::123456789012:role/myRole",
    state: { status: "completed", reason: "Experiment completed." },
    targets: {
      "Instances-Target-1": { resourceType: "aws:ec2:instance", resourceArns: ["arn:aws:ec2:us-west-2:123456789012:instance/i-12a3b4c56d78e9012"], selectionMode: "ALL" },
    },
    actions: {
      reboot: { actionId: "aws:ec2:reboot-instances", parameters: {}, targets: { Instances: "Instances-Target-1" }, state: { status: "completed", reason: "Action was completed." } },
    },
    stopConditions: [{ source: "none" }],
    creationTime: 1616432509.662,
    startTime: 1616432509.962,
    endTime: 1616432522.307,
    tags,
  };
}

/** awscli/examples/fis/start-experiment.rst: just started, `initiating`, its action `pending`. */
export function documentedStartedExperiment(tags: Record<string, string> = {}): Record<string, unknown> {
  return {
    id: "ABC12DeFGhI3jKLMNOP",
    experimentTemplateId: "ABCDE1fgHIJkLmNop",
    roleArn: "arn:aws:iam::123456789012:role/myRole",
    state: { status: "initiating", reason: "Experiment is initiating." },
    targets: {
      "Instances-Target-1": { resourceType: "aws:ec2:instance", resourceArns: ["arn:aws:ec2:us-west-2:123456789012:instance/i-12a3b4c56d78e9012"], selectionMode: "ALL" },
    },
    actions: { reboot: { actionId: "aws:ec2:reboot-instances", parameters: {}, targets: { Instances: "Instances-Target-1" }, state: { status: "pending", reason: "Initial state" } } },
    stopConditions: [{ source: "none" }],
    creationTime: 1616432464.025,
    startTime: 1616432464.374,
    tags,
  };
}

/** awscli/examples/fis/stop-experiment.rst: `stopping`, a wait action running and the reboot still pending. */
export function documentedStoppingExperiment(tags: Record<string, string> = {}): Record<string, unknown> {
  return {
    id: "ABC12DeFGhI3jKLMNOP",
    experimentTemplateId: "ABCDE1fgHIJkLmNop",
    roleArn: "arn:aws:iam::123456789012:role/myRole",
    state: { status: "stopping", reason: "Stopping Experiment." },
    targets: {
      "Instances-Target-1": { resourceType: "aws:ec2:instance", resourceArns: ["arn:aws:ec2:us-west-2:123456789012:instance/i-12a3b4c56d78e9012"], selectionMode: "ALL" },
    },
    actions: {
      reboot: { actionId: "aws:ec2:reboot-instances", parameters: {}, targets: { Instances: "Instances-Target-1" }, startAfter: ["wait"], state: { status: "pending", reason: "Initial state." } },
      wait: { actionId: "aws:fis:wait", parameters: { duration: "PT5M" }, state: { status: "running", reason: "" } },
    },
    stopConditions: [{ source: "none" }],
    creationTime: 1616432680.927,
    startTime: 1616432681.177,
    tags,
  };
}

/**
 * The documented experiment in each of the states the FIS API reference lists for
 * ExperimentState.status (pending | initiating | running | completed | stopping | stopped |
 * failed | cancelled), with the action states and instants FIS reports in each. `withActionTimes`
 * false leaves the actions without startTime/endTime, as in get-experiment.rst.
 */
export function experimentIn(status: string, options: { withActionTimes: boolean; tags?: Record<string, string> }): Record<string, unknown> {
  const base = documentedExperiment(options.tags);
  const created = 1616432509.662;
  const started = 1616432509.962;
  const actionStarted = 1616432510.5;
  const ended = 1616432522.307;
  const actionState: Record<string, [string, boolean, boolean]> = {
    // [action status, has started, has ended]
    pending: ["pending", false, false],
    initiating: ["pending", false, false],
    running: ["running", true, false],
    stopping: ["stopping", true, false],
    completed: ["completed", true, true],
    stopped: ["stopped", true, true],
    failed: ["failed", true, true],
    cancelled: ["cancelled", false, false],
  };
  const [actionStatus, actionRan, actionEnded] = actionState[status] ?? ["pending", false, false];
  const hasStarted = status !== "pending" && status !== "cancelled";
  const hasEnded = ["completed", "stopped", "failed", "cancelled"].includes(status);
  return {
    ...base,
    state: { status, reason: `Experiment ${status}.` },
    actions: {
      reboot: {
        actionId: "aws:ec2:reboot-instances",
        parameters: {},
        targets: { Instances: "Instances-Target-1" },
        state: { status: actionStatus, reason: `Action ${actionStatus}.` },
        ...(options.withActionTimes && actionRan ? { startTime: actionStarted } : {}),
        ...(options.withActionTimes && actionEnded ? { endTime: ended } : {}),
      },
    },
    creationTime: created,
    ...(hasStarted ? { startTime: started } : { startTime: undefined }),
    ...(hasEnded ? { endTime: ended } : { endTime: undefined }),
  };
}

/** awscli/examples/fis/list-experiments.rst: one running experiment. */
export function documentedExperimentSummary(tags: Record<string, string> = { key: "value" }): Record<string, unknown> {
  return { id: "ABCdeF1GHiJkLM23NO", experimentTemplateId: "ABCDE1fgHIJkLmNop", state: { status: "running", reason: "Experiment is running." }, creationTime: 1616017341.197, tags };
}

/** awscli/examples/fis/list-experiment-templates.rst */
export function documentedTemplateSummary(tags: Record<string, string> = { key: "value" }): Record<string, unknown> {
  return { id: "ABCDE1fgHIJkLmNop", description: "myExperimentTemplate", creationTime: 1616017191.124, lastUpdateTime: 1616017191.124, tags };
}

/** awscli/examples/fis/get-experiment-template.rst (its printed tags are malformed JSON; the tags here are the test's). */
export function documentedTemplate(tags: Record<string, string> = { key: "value" }): Record<string, unknown> {
  return {
    id: "ABCDE1fgHIJkLmNop",
    description: "myExperimentTemplate",
    targets: {
      "Instances-Target-1": { resourceType: "aws:ec2:instance", resourceArns: ["arn:aws:ec2:us-west-2:123456789012:instance/i-12a3b4c56d78e9012"], selectionMode: "ALL" },
    },
    actions: { testaction: { actionId: "aws:ec2:stop-instances", parameters: {}, targets: { Instances: "Instances-Target-1" } } },
    stopConditions: [{ source: "none" }],
    creationTime: 1616017191.124,
    lastUpdateTime: 1616017331.51,
    roleArn: "arn:aws:iam::123456789012:role/FISRole",
    tags,
  };
}

/** FIS API reference, GetSafetyLever / UpdateSafetyLeverState "Response Syntax": { safetyLever: { arn, id, state: { reason, status } } }. */
export function safetyLever(status: "disengaged" | "engaged" | "engaging" | "disengaging", reason: string): object {
  return { safetyLever: { arn: "arn:aws:fis:eu-west-1:123456789012:safety-lever/default", id: "default", state: { status, reason } } };
}
