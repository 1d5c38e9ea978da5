/** Types for the console image's entrypoint (plain JS so the image runs it without a build step). */
type Env = Record<string, string | undefined>;

export const MODES: readonly ["start", "migrate", "seed"];
export class EntrypointError extends Error {}
export function databaseUrlFromEnv(env: Env): string;
export function outputsFileFromEnv(env: Env, directory?: string): string | undefined;
export function consoleEnvironment(env: Env, directory?: string): Env;
export function commandsFor(mode: string, env: Env): string[][];
