#!/usr/bin/env bash
# Sidecar entry for the FIS aws:ecs:task actions (cpu stress, network latency). FIS finds a
# task by the SSM managed instance tagged ECS_TASK_ARN=<task arn>, so this container:
#   1. reads its task's ARN and zone from the ECS task metadata endpoint,
#   2. creates an SSM hybrid activation carrying those tags and registers its agent with it,
#   3. runs the agent until the task stops, then deletes the activation and deregisters, so
#      replaced tasks leave no stale managed instances behind.
# It is not essential: if it fails, the app keeps serving and only the FIS task actions fail.
set -euo pipefail

: "${MANAGED_INSTANCE_ROLE_NAME:?MANAGED_INSTANCE_ROLE_NAME must name the SSM managed instance role}"
: "${AWS_REGION:?AWS_REGION must be set}"
: "${ECS_CONTAINER_METADATA_URI_V4:?no ECS task metadata endpoint: this script runs only inside an ECS task}"

dnf install -y jq procps awscli >/dev/null

# ECS Exec runs its own agent; FIS needs this one, so both cannot coexist (the FIS guide says
# to turn ECS Exec off). Fail loudly instead of registering a second agent.
if pgrep -f amazon-ssm-agent >/dev/null; then
  echo "an SSM agent already runs in this task (ECS Exec?); FIS task actions need ECS Exec off" >&2
  exit 1
fi

metadata=$(curl -fsS "$ECS_CONTAINER_METADATA_URI_V4/task")
task_arn=$(jq -er '.TaskARN' <<<"$metadata")
zone=$(jq -er '.AvailabilityZone' <<<"$metadata")

activation=$(aws ssm create-activation \
  --region "$AWS_REGION" \
  --iam-role "$MANAGED_INSTANCE_ROLE_NAME" \
  --registration-limit 1 \
  --description "FIS fault injection sidecar for $task_arn" \
  --tags "Key=ECS_TASK_ARN,Value=$task_arn" "Key=ECS_TASK_AVAILABILITY_ZONE,Value=$zone" "Key=FAULT_INJECTION_SIDECAR,Value=true")
activation_id=$(jq -er '.ActivationId' <<<"$activation")
activation_code=$(jq -er '.ActivationCode' <<<"$activation")

amazon-ssm-agent -register -code "$activation_code" -id "$activation_id" -region "$AWS_REGION"

agent_pid=""
cleanup() {
  aws ssm delete-activation --region "$AWS_REGION" --activation-id "$activation_id" || echo "could not delete activation $activation_id" >&2
  instance_id=$(jq -r '.ManagedInstanceID // empty' /var/lib/amazon/ssm/registration 2>/dev/null || true)
  if [[ -n "$instance_id" ]]; then
    aws ssm deregister-managed-instance --region "$AWS_REGION" --instance-id "$instance_id" || echo "could not deregister $instance_id" >&2
  fi
  if [[ -n "$agent_pid" ]]; then kill -TERM "$agent_pid" 2>/dev/null || true; fi
}
trap cleanup TERM INT

# The agent runs in the background so the trap fires as soon as ECS sends SIGTERM.
amazon-ssm-agent &
agent_pid=$!
wait "$agent_pid"
