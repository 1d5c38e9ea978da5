/**
 * Prisma's schema engine, compiled to WebAssembly, driven through the pg driver adapter.
 * This is the only way to diff schemas offline (the CLI downloads a native engine). Its
 * API is internal to Prisma: the package version is pinned and this file is its only user.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";

type Engine = Awaited<ReturnType<typeof glue.SchemaEngine.new>>;

let instantiated = false;

function instantiate(): void {
  if (instantiated) return;
  // Node 20 cannot import .wasm modules, so the glue code gets its instance by hand.
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bytes = readFileSync(path.join(packageDir, "schema_engine_bg.wasm"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { "./schema_engine_bg.js": glue });
  const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  instantiated = true;
}

export async function withSchemaEngine<T>(databaseUrl: string, datamodel: string, use: (engine: Engine) => Promise<T>): Promise<T> {
  instantiate();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  const engine = await glue.SchemaEngine.new({ datamodels: [["schema.prisma", datamodel]] }, () => undefined, adapter);
  try {
    return await use(engine);
  } finally {
    engine.free();
  }
}

/** SQL that takes a database from the `from` schema (or empty) to the `to` schema. */
export async function diffSchemas(databaseUrl: string, from: string | null, to: string): Promise<string> {
  return withSchemaEngine(databaseUrl, to, async (engine) => {
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  });
}
