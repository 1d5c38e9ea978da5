import { RemovalPolicy, Stack, Tags, type StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { InfraConfig } from "../config";
import type { DeploymentNames } from "../names";
import { acknowledgeManagedPolicy } from "../nag";

/** Props of {@link NetworkStack}. */
export interface NetworkStackProps extends StackProps {
  /** The validated app configuration. */
  readonly config: InfraConfig;
  /** Names derived from the deployment prefix. */
  readonly names: DeploymentNames;
}

/**
 * Subnet group names. The FIS nat-gateway-failure template cuts the `app` subnets off, so
 * the console lives in its own `console` subnets: it must keep reaching AWS (to watch and
 * to stop that very experiment) while the target's subnets are isolated.
 */
export const SUBNET_GROUPS = { public: "public", app: "app", console: "console", data: "data" } as const;

/** Tag on subnets naming their tier, so FIS finds the app subnets without their IDs. */
export const SUBNET_TIER_TAG = "gameday:subnet-tier";

/** The interface endpoints `vpcEndpoints: true` adds: everything a task needs to start without NAT. */
export function defaultInterfaceEndpoints(): ReadonlyArray<readonly [string, ec2.InterfaceVpcEndpointAwsService]> {
  return [
    ["Ecr", ec2.InterfaceVpcEndpointAwsService.ECR],
    ["EcrDocker", ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
    ["Logs", ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
    ["SecretsManager", ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    ["Ssm", ec2.InterfaceVpcEndpointAwsService.SSM],
    ["SsmMessages", ec2.InterfaceVpcEndpointAwsService.SSM_MESSAGES],
    ["Ec2Messages", ec2.InterfaceVpcEndpointAwsService.EC2_MESSAGES],
    ["XRay", ec2.InterfaceVpcEndpointAwsService.XRAY],
  ];
}

/**
 * The VPC: two AZs, public subnets (load balancers, NAT), app subnets (target tasks,
 * rotation functions; egress through NAT), console subnets (egress through NAT, never a
 * fault target) and isolated data subnets (Aurora, the console's Postgres), with flow logs
 * to CloudWatch Logs. It outlives every other stack.
 */
export class NetworkStack extends Stack {
  /** The VPC every other stack places resources in. */
  readonly vpc: ec2.Vpc;
  /** Subnets for the target's tasks and Lambda functions that need egress. */
  readonly appSubnets: ec2.SubnetSelection;
  /** Subnets for the console's tasks: egress through NAT, never targeted by a fault. */
  readonly consoleSubnets: ec2.SubnetSelection;
  /** Subnets for databases: no route to the internet. */
  readonly dataSubnets: ec2.SubnetSelection;
  /** Subnets for internet-facing load balancers. */
  readonly publicSubnets: ec2.SubnetSelection;
  /** The app subnets' IDs, for the FIS network template and its role. */
  readonly appSubnetIds: string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config, names } = props;

    this.vpc = new ec2.Vpc(this, "Vpc", {
      vpcName: `${names.prefix}-vpc`,
      ipAddresses: ec2.IpAddresses.cidr(config.vpcCidr),
      maxAzs: 2,
      natGateways: config.natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: SUBNET_GROUPS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: SUBNET_GROUPS.app, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: SUBNET_GROUPS.console, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: SUBNET_GROUPS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    this.publicSubnets = { subnetGroupName: SUBNET_GROUPS.public };
    this.appSubnets = { subnetGroupName: SUBNET_GROUPS.app };
    this.consoleSubnets = { subnetGroupName: SUBNET_GROUPS.console };
    this.dataSubnets = { subnetGroupName: SUBNET_GROUPS.data };

    const appSubnets = this.vpc.selectSubnets(this.appSubnets).subnets;
    this.appSubnetIds = appSubnets.map((subnet) => subnet.subnetId);
    for (const [group, tier] of Object.entries(SUBNET_GROUPS)) {
      for (const subnet of this.vpc.selectSubnets({ subnetGroupName: group }).subnets) Tags.of(subnet).add(SUBNET_TIER_TAG, tier);
    }

    const flowLogGroup = new logs.LogGroup(this, "FlowLogs", {
      logGroupName: names.logGroup("vpc-flow-logs"),
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog("FlowLog", {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });

    if (config.vpcEndpoints) {
      // S3 serves ECR image layers, so the gateway endpoint is what actually keeps pulls off NAT.
      this.vpc.addGatewayEndpoint("S3", { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [this.appSubnets, this.consoleSubnets] });
      // One security group for all endpoints, opened to the VPC's CIDR as a literal (the
      // default per-endpoint groups reference the VPC's CIDR attribute, which cdk-nag cannot read).
      const endpointSecurityGroup = new ec2.SecurityGroup(this, "EndpointSecurityGroup", {
        vpc: this.vpc,
        description: "Interface VPC endpoints: HTTPS from inside the VPC",
        allowAllOutbound: false,
      });
      endpointSecurityGroup.addIngressRule(ec2.Peer.ipv4(config.vpcCidr), ec2.Port.tcp(443), "HTTPS from the VPC");
      for (const [endpointId, service] of defaultInterfaceEndpoints()) {
        this.vpc.addInterfaceEndpoint(endpointId, { service, subnets: this.appSubnets, privateDnsEnabled: true, securityGroups: [endpointSecurityGroup], open: false });
      }
    }

    // The custom resource that strips the default security group's rules is CDK's own
    // provider; its function and role are not ours to change.
    const restrictProvider = this.node.tryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider");
    if (restrictProvider) {
      acknowledgeManagedPolicy(
        restrictProvider,
        "service-role/AWSLambdaBasicExecutionRole",
        "CDK's provider for restrictDefaultSecurityGroup uses the Lambda basic execution managed policy; it only writes its own logs.",
      );
    }
  }
}
