/**
 * The one validated configuration of the CDK app. Every value comes from CDK context
 * (`cdk.json` or `cdk deploy -c key=value`), is parsed here once with defaults, and a bad
 * value stops synth with a message that names the key. Nothing else reads context.
 *
 * Context given on the command line always arrives as a string, so numbers and booleans
 * are coerced from their string form before validation.
 */
import { z } from "zod";

/** The context keys this app reads; anything else in context (feature flags) is ignored. */
export const CONFIG_KEYS = [
  "prefix",
  "vpcCidr",
  "natGateways",
  "vpcEndpoints",
  "capacity",
  "ec2InstanceTypes",
  "ec2OnDemandBaseCapacity",
  "ec2OnDemandPercentageAboveBase",
  "ec2MinCapacity",
  "ec2MaxCapacity",
  "desiredCount",
  "maxCount",
  "alarmEmail",
  "certificateArn",
  "consoleDomainName",
  "consoleIngressCidr",
  "deletionProtection",
  "logRetentionDays",
  "ssmAgentImage",
  "adotCollectorImage",
  "ecsExec",
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

function quoted(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

/** Turns `"2"` into `2` so `-c natGateways=2` validates like `"natGateways": 2` in cdk.json. */
function numberFromString(value: unknown): unknown {
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return value;
}

function booleanFromString(value: unknown): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

function listFromString(value: unknown): unknown {
  if (typeof value === "string") return value.split(",").map((item) => item.trim()).filter((item) => item !== "");
  return value;
}

function wholeNumber(key: ConfigKey, min: number, max: number, fallback: number) {
  return z
    .preprocess(
      numberFromString,
      z
        .number({ error: (issue) => `${key} must be a number, got ${quoted(issue.input)}` })
        .int(`${key} must be a whole number`)
        .min(min, `${key} must be at least ${min}`)
        .max(max, `${key} must be at most ${max}`),
    )
    .default(fallback);
}

function flag(key: ConfigKey, fallback: boolean) {
  return z
    .preprocess(booleanFromString, z.boolean({ error: (issue) => `${key} must be true or false, got ${quoted(issue.input)}` }))
    .default(fallback);
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(1[6-9]|20)$/;
const ANY_IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EC2_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/;

export const InfraConfigSchema = z
  .object({
    /** Deployment name: prefixes stack and resource names and is the `gameday:deployment` tag value. */
    prefix: z
      .string({ error: (issue) => `prefix must be a string, got ${quoted(issue.input)}` })
      .regex(/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, "prefix must be 3-20 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen")
      .default("gameday"),
    vpcCidr: z
      .string({ error: (issue) => `vpcCidr must be a string, got ${quoted(issue.input)}` })
      .regex(IPV4_CIDR, "vpcCidr must be an IPv4 CIDR block from /16 to /20, e.g. 10.40.0.0/16")
      .default("10.40.0.0/16"),
    /** One shared NAT gateway (the seeds' cost-conscious default) or one per AZ. */
    natGateways: z
      .preprocess(
        numberFromString,
        z.union([z.literal(1), z.literal(2)], {
          error: (issue) => `natGateways must be 1 (one shared NAT gateway) or 2 (one per AZ), got ${quoted(issue.input)}`,
        }),
      )
      .default(1),
    /** Interface endpoints for ECR, Logs, Secrets Manager, SSM, X-Ray, and an S3 gateway endpoint. */
    vpcEndpoints: flag("vpcEndpoints", false),
    /** `ec2` adds the Auto Scaling group capacity variant of seed 001 (Spot and pending-task scenarios). */
    capacity: z.enum(["fargate", "ec2"], { error: (issue) => `capacity must be "fargate" or "ec2", got ${quoted(issue.input)}` }).default("fargate"),
    ec2InstanceTypes: z
      .preprocess(
        listFromString,
        z
          .array(z.string().regex(EC2_INSTANCE_TYPE, "ec2InstanceTypes must be EC2 instance types such as t3.medium"), {
            error: (issue) => `ec2InstanceTypes must be a list of instance types, got ${quoted(issue.input)}`,
          })
          .min(1, "ec2InstanceTypes must name at least one instance type")
          .max(10, "ec2InstanceTypes must name at most 10 instance types"),
      )
      .default(["t3.medium", "t3a.medium", "t2.medium"]),
    ec2OnDemandBaseCapacity: wholeNumber("ec2OnDemandBaseCapacity", 0, 10, 1),
    ec2OnDemandPercentageAboveBase: wholeNumber("ec2OnDemandPercentageAboveBase", 0, 100, 20),
    ec2MinCapacity: wholeNumber("ec2MinCapacity", 1, 20, 2),
    /**
     * Three medium instances place about six awsvpc tasks (two ENIs each for tasks): seed 004's
     * "capacity for 6 of 10", so pending-task-deadlock really deadlocks. Seed 001 allows 10.
     */
    ec2MaxCapacity: wholeNumber("ec2MaxCapacity", 1, 50, 3),
    /** Tasks per target service in steady state (the seeds run two). */
    desiredCount: wholeNumber("desiredCount", 2, 10, 2),
    /** Autoscaling ceiling per target service. */
    maxCount: wholeNumber("maxCount", 2, 50, 10),
    alarmEmail: z
      .email({ error: (issue) => `alarmEmail must be an email address, got ${quoted(issue.input)}` })
      .optional(),
    /** ACM certificate for the console's HTTPS listener; without it the console listens on HTTP. */
    certificateArn: z
      .string({ error: (issue) => `certificateArn must be a string, got ${quoted(issue.input)}` })
      .regex(ACM_CERTIFICATE_ARN, "certificateArn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)")
      .optional(),
    /** The console's public host name (the certificate's name); defaults to the ALB's DNS name. */
    consoleDomainName: z
      .string({ error: (issue) => `consoleDomainName must be a string, got ${quoted(issue.input)}` })
      .regex(HOSTNAME, "consoleDomainName must be a DNS host name such as gameday.example.com")
      .optional(),
    /** Who may reach the console's load balancer; narrow it to your office or VPN. */
    consoleIngressCidr: z
      .string({ error: (issue) => `consoleIngressCidr must be a string, got ${quoted(issue.input)}` })
      .regex(ANY_IPV4_CIDR, "consoleIngressCidr must be an IPv4 CIDR block such as 203.0.113.0/24 or 0.0.0.0/0")
      .default("0.0.0.0/0"),
    deletionProtection: flag("deletionProtection", true),
    logRetentionDays: z
      .preprocess(
        numberFromString,
        z.union([z.literal(7), z.literal(14), z.literal(30), z.literal(60), z.literal(90), z.literal(180), z.literal(365)], {
          error: (issue) => `logRetentionDays must be one of 7, 14, 30, 60, 90, 180, 365, got ${quoted(issue.input)}`,
        }),
      )
      .default(14),
    /** The SSM agent sidecar image the FIS ECS task actions need (the FIS user guide's image). */
    ssmAgentImage: z
      .string()
      .regex(IMAGE_REFERENCE, "ssmAgentImage must be a container image reference")
      .default("public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest"),
    /**
     * ECS Exec on the target services (`aws ecs execute-command`), as the stack the game days
     * reproduce has it: sessions are encrypted with a KMS key and logged to an encrypted log
     * group. FIS cannot run its aws:ecs:task-* actions (CPU stress, network faults) on tasks
     * with ECS Exec on (FIS user guide, "Use the AWS FIS aws:ecs:task actions", Limitations);
     * deploy with ecsExec=false for a game day that needs them (the console's preflight says so).
     */
    ecsExec: flag("ecsExec", true),
    /** The ADOT collector sidecar image (OTLP in, X-Ray out). */
    adotCollectorImage: z
      .string()
      .regex(IMAGE_REFERENCE, "adotCollectorImage must be a container image reference")
      .default("public.ecr.aws/aws-observability/aws-otel-collector:v0.41.1"),
  })
  .superRefine((config, context) => {
    if (config.maxCount < config.desiredCount) {
      context.addIssue({ code: "custom", path: ["maxCount"], message: `maxCount (${config.maxCount}) must be at least desiredCount (${config.desiredCount})` });
    }
    if (config.ec2MaxCapacity < config.ec2MinCapacity) {
      context.addIssue({
        code: "custom",
        path: ["ec2MaxCapacity"],
        message: `ec2MaxCapacity (${config.ec2MaxCapacity}) must be at least ec2MinCapacity (${config.ec2MinCapacity})`,
      });
    }
    if (config.consoleDomainName && !config.certificateArn) {
      context.addIssue({ code: "custom", path: ["consoleDomainName"], message: "consoleDomainName needs certificateArn: the console is served over HTTPS on that name" });
    }
  });

/** The parsed configuration, with every default applied. */
export type InfraConfig = z.infer<typeof InfraConfigSchema>;

/** Thrown when context does not validate; the message lists every bad key. */
export class ConfigError extends Error {
  /** One line per problem, `<key>: <message>`. */
  readonly problems: readonly string[];

  constructor(issues: readonly z.core.$ZodIssue[]) {
    const problems = issues.map((issue) => `${issue.path.join(".") || "(context)"}: ${issue.message}`);
    super(`Invalid CDK context for the game-day infra:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Validates raw context values (only the keys in {@link CONFIG_KEYS} are looked at). */
export function parseConfig(raw: Partial<Record<ConfigKey, unknown>>): InfraConfig {
  const picked: Partial<Record<ConfigKey, unknown>> = {};
  for (const key of CONFIG_KEYS) {
    const value = raw[key];
    if (value !== undefined && value !== null && value !== "") picked[key] = value;
  }
  const result = InfraConfigSchema.safeParse(picked);
  if (!result.success) throw new ConfigError(result.error.issues);
  return result.data;
}

/** Anything that can answer context lookups: a CDK `Node`. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/** Reads the app's context (cdk.json plus `-c` flags) and validates it. */
export function loadConfig(node: ContextSource): InfraConfig {
  const raw: Partial<Record<ConfigKey, unknown>> = {};
  for (const key of CONFIG_KEYS) raw[key] = node.tryGetContext(key);
  return parseConfig(raw);
}
