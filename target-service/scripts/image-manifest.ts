/**
 * Derives the container build's own package.json and package-lock.json from the repository's
 * root ones, so the image installs exactly the versions the tests ran against (same pins,
 * same integrity hashes) without pulling the console's dependencies into the build.
 *
 *   npx tsx target-service/scripts/image-manifest.ts          # rewrite both files
 *   npx tsx target-service/scripts/image-manifest.ts --check  # exit 1 when they are stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";

/** What the bundle imports at run time (inlined into dist/main.js by esbuild). */
export const RUNTIME_DEPENDENCIES = [
  "@aws-sdk/client-ssm",
  "@opentelemetry/api",
  "@opentelemetry/context-async-hooks",
  "@opentelemetry/core",
  "@opentelemetry/exporter-trace-otlp-http",
  "@opentelemetry/resources",
  "@opentelemetry/sdk-trace-base",
  "pg",
  "zod",
] as const;

/** What the image's build stage needs to run build.ts. */
export const BUILD_DEPENDENCIES = ["esbuild", "tsx"] as const;

const DependencyMap = z.record(z.string(), z.string());
const RootPackageSchema = z.object({ dependencies: DependencyMap.default({}), devDependencies: DependencyMap.default({}) });
const LockEntrySchema = z
  .object({
    version: z.string().optional(),
    dependencies: DependencyMap.optional(),
    optionalDependencies: DependencyMap.optional(),
    peerDependencies: DependencyMap.optional(),
    peerDependenciesMeta: z.record(z.string(), z.object({ optional: z.boolean().optional() })).optional(),
  })
  .loose();
const LockSchema = z.object({ lockfileVersion: z.literal(3), packages: z.record(z.string(), LockEntrySchema) });

type LockEntry = z.infer<typeof LockEntrySchema>;
type Json = Record<string, unknown>;

/** The two generated files, as JSON values. */
export interface ImageManifest {
  packageJson: Json;
  lockfile: Json;
}

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = path.resolve(serviceDir, "..");

/** Node's lookup: the nearest node_modules/<name> walking up from the requiring package. */
function resolveIn(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

/** Every lock path reachable from `roots`, following optional edges only when `withOptional`. */
function reachable(packages: Record<string, LockEntry>, roots: string[], withOptional: boolean): Set<string> {
  const seen = new Set<string>();
  const queue = roots.map((name) => ({ from: "", name, optional: false }));
  while (queue.length > 0) {
    const edge = queue.shift();
    if (!edge) break;
    const found = resolveIn(packages, edge.from, edge.name);
    if (!found) {
      if (edge.optional) continue;
      throw new Error(`${edge.name} (needed by ${edge.from || "the root"}) is not in the root package-lock.json`);
    }
    if (seen.has(found)) continue;
    seen.add(found);
    const entry = packages[found] ?? {};
    for (const name of Object.keys(entry.dependencies ?? {})) queue.push({ from: found, name, optional: false });
    if (withOptional) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) queue.push({ from: found, name, optional: true });
    }
    // npm 7+ installs peers; missing optional ones (pg-native) are simply not there.
    for (const name of Object.keys(entry.peerDependencies ?? {})) {
      const optionalPeer = entry.peerDependenciesMeta?.[name]?.optional === true;
      if (!optionalPeer || withOptional) queue.push({ from: found, name, optional: optionalPeer });
    }
  }
  return seen;
}

export function deriveImageManifest(rootPackageJson: unknown, rootLockfile: unknown): ImageManifest {
  const rootPackage = RootPackageSchema.parse(rootPackageJson);
  const lock = LockSchema.parse(rootLockfile);
  const pin = (name: string) => {
    const version = rootPackage.dependencies[name] ?? rootPackage.devDependencies[name];
    if (!version) throw new Error(`${name} is not a dependency of the root package.json`);
    return version;
  };
  const dependencies = Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => [name, pin(name)]));
  const devDependencies = Object.fromEntries(BUILD_DEPENDENCIES.map((name) => [name, pin(name)]));

  const packages = lock.packages;
  const prodRequired = reachable(packages, [...RUNTIME_DEPENDENCIES], false);
  const prodAll = reachable(packages, [...RUNTIME_DEPENDENCIES], true);
  const allRequired = reachable(packages, [...RUNTIME_DEPENDENCIES, ...BUILD_DEPENDENCIES], false);
  const all = reachable(packages, [...RUNTIME_DEPENDENCIES, ...BUILD_DEPENDENCIES], true);

  const outPackages: Record<string, Json> = {
    "": { name: "gameday-target-service", version: "0.0.0", dependencies, devDependencies },
  };
  for (const key of [...all].sort()) {
    const { dev: _dev, optional: _optional, devOptional: _devOptional, ...entry } = packages[key] ?? {};
    // npm's flags, recomputed for this smaller tree: who needs the package, and how firmly.
    let flags: Json = {};
    if (prodRequired.has(key)) flags = {};
    else if (prodAll.has(key) && allRequired.has(key)) flags = { devOptional: true };
    else if (prodAll.has(key)) flags = { optional: true };
    else if (allRequired.has(key)) flags = { dev: true };
    else flags = { dev: true, optional: true };
    outPackages[key] = { ...entry, ...flags };
  }

  return {
    packageJson: {
      name: "gameday-target-service",
      version: "0.0.0",
      private: true,
      description: "The service under test; generated from the root package.json by scripts/image-manifest.ts for the container build",
      type: "module",
      engines: { node: ">=20.19" },
      dependencies,
      devDependencies,
    },
    lockfile: { name: "gameday-target-service", version: "0.0.0", lockfileVersion: 3, requires: true, packages: outPackages },
  };
}

/** The manifest derived from the repository's current root files. */
export function currentImageManifest(): ImageManifest {
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(repoDir, file), "utf8"));
  return deriveImageManifest(read("package.json"), read("package-lock.json"));
}

export const MANIFEST_FILES = {
  packageJson: path.join(serviceDir, "package.json"),
  lockfile: path.join(serviceDir, "package-lock.json"),
} as const;

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const manifest = currentImageManifest();
  if (process.argv.includes("--check")) {
    const stale = (Object.keys(MANIFEST_FILES) as (keyof ImageManifest)[]).filter(
      (key) => readFileSync(MANIFEST_FILES[key], "utf8") !== formatJson(manifest[key]),
    );
    if (stale.length > 0) {
      process.stderr.write(`stale: ${stale.map((key) => MANIFEST_FILES[key]).join(", ")}; run npx tsx target-service/scripts/image-manifest.ts\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(MANIFEST_FILES.packageJson, formatJson(manifest.packageJson));
    writeFileSync(MANIFEST_FILES.lockfile, formatJson(manifest.lockfile));
    process.stdout.write(`wrote ${MANIFEST_FILES.packageJson} and ${MANIFEST_FILES.lockfile}\n`);
  }
}
