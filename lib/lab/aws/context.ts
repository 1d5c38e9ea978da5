import "server-only";
import { LabError } from "../errors";
import type { AwsClients } from "./clients";
import type { AwsLabConfig } from "./config";

/** What every part of the adapter works with: the deployment, its clients and a clock. */
export interface AwsContext {
  readonly config: AwsLabConfig;
  readonly clients: AwsClients;
  /** Injectable so tests can move a lease past its expiry without sleeping. */
  now(): Date;
}

/** The port names the two services `api` and `backend`; the stack may name them otherwise. */
export type PortService = "api" | "backend";
export const PORT_SERVICES: readonly PortService[] = ["api", "backend"];

export function ecsServiceName(context: AwsContext, service: PortService): string {
  return service === "api" ? context.config.outputs.ApiServiceName : context.config.outputs.BackendServiceName;
}

export function portServiceOf(context: AwsContext, ecsName: string): PortService | null {
  if (ecsName === context.config.outputs.ApiServiceName) return "api";
  if (ecsName === context.config.outputs.BackendServiceName) return "backend";
  return null;
}

/** A port service name from user input, or a not-found LabError naming the known ones. */
export function requirePortService(service: string): PortService {
  if (service === "api" || service === "backend") return service;
  throw new LabError("not-found", `No service named "${service}" in this deployment (services: api, backend).`, { service });
}

export function iso(value: Date | undefined | null): string | null {
  return value ? value.toISOString() : null;
}

/** The last segment of an ARN (`…/task/cluster/abc123` → `abc123`). */
export function arnTail(arn: string): string {
  return arn.split("/").pop() ?? arn;
}

/** `arn:…:task-definition/gameday-api:7` → `gameday-api:7`. */
export function taskDefinitionName(arn: string): string {
  return arnTail(arn);
}

/** Bounds every paginated listing: a runaway NextToken loop must not stall a poll. */
export const MAX_PAGES = 50;

/**
 * Follows a NextToken-style pagination to the end (or MAX_PAGES), collecting the items
 * each page yields.
 */
export async function allPages<Page, Item>(
  fetchPage: (token: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => Item[] | undefined,
  tokenOf: (page: Page) => string | undefined,
  maxPages = MAX_PAGES,
): Promise<Item[]> {
  const items: Item[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const result = await fetchPage(token);
    items.push(...(itemsOf(result) ?? []));
    token = tokenOf(result);
    if (!token) break;
  }
  return items;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}
