/** Types for the console's server entry (plain JS so it runs without a TypeScript loader). */
export const SERVER_NODE_FLAGS: readonly string[];
export function parseServerArgs(argv: readonly string[], env: Record<string, string | undefined>): { port: number; hostname: string };
