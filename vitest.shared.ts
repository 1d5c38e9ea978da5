import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

/** Aliases every vitest project needs to load console modules. */
export const sharedAlias = {
  "@": root,
  "server-only": path.join(root, "test/server-only-stub.ts"),
};
