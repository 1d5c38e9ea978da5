/**
 * Bundles the service into one self-contained ESM file (every dependency inlined), the
 * artefact both the local lab (`node dist/main.js` per task) and the container image run.
 * Run directly (`tsx target-service/build.ts [outDir]`) it builds and prints the path.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

const serviceDir = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE_NAME = "main.js";

/** Options of buildTargetService. */
export interface BuildOptions {
  /** Directory of the bundle (default `target-service/dist`). */
  outDir?: string;
}

function newestMtimeMs(entry: string): number {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtimeMs(path.join(entry, child)));
  return newest;
}

/** Sources whose change makes the bundle stale: our code, this script, and the pinned dependencies. */
function inputsMtimeMs(): number {
  const lockfiles = [path.join(serviceDir, "package-lock.json"), path.join(serviceDir, "..", "package-lock.json")];
  return Math.max(newestMtimeMs(path.join(serviceDir, "src")), newestMtimeMs(fileURLToPath(import.meta.url)), ...lockfiles.map(newestMtimeMs));
}

/**
 * pg decides at load time whether it runs on Cloudflare Workers by constructing a fetch
 * `Response`, which makes Node load undici (about 25 ms of every task start). This bundle
 * only runs on Node, so the probe answers false. If pg changes the code, the patch does not
 * apply and the bundle is merely slower to start.
 */
const skipPgCloudflareProbe: Plugin = {
  name: "skip-pg-cloudflare-probe",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]pg[\\/]lib[\\/]stream\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      return { contents: source.replace("function isCloudflareRuntime() {", "function isCloudflareRuntime() {\n  return false;"), loader: "js" };
    });
  },
};

const inFlight = new Map<string, Promise<string>>();

async function bundle(outFile: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(serviceDir, "src", "main.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    outfile: outFile,
    write: false,
    sourcemap: "linked",
    legalComments: "none",
    // Smaller source parses faster at every task start; identifiers stay readable so stack
    // traces in task logs still name functions.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "silent",
    // CommonJS dependencies (pg, OpenTelemetry, the AWS SDK) call require() for Node's
    // built-ins; an ES module has no require, so the bundle makes one.
    banner: { js: 'import { createRequire as __gamedayCreateRequire } from "node:module"; const require = __gamedayCreateRequire(import.meta.url);' },
    // pg only loads its native binding when asked to (pg.native), which we never do.
    external: ["pg-native"],
    plugins: [skipPgCloudflareProbe],
  });
  mkdirSync(path.dirname(outFile), { recursive: true });
  // Write then rename, so a task spawned while another build runs never reads half a file,
  // and two concurrent builds (parallel test files) cannot interleave.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return outFile;
}

/**
 * Builds the bundle unless it is newer than every source, and returns its absolute path.
 * Concurrent calls for the same directory share one build.
 */
export async function buildTargetService(options: BuildOptions = {}): Promise<string> {
  const outDir = path.resolve(options.outDir ?? path.join(serviceDir, "dist"));
  const outFile = path.join(outDir, BUNDLE_NAME);
  if (newestMtimeMs(outFile) > inputsMtimeMs()) return outFile;
  let pending = inFlight.get(outFile);
  if (!pending) {
    pending = bundle(outFile).finally(() => inFlight.delete(outFile));
    inFlight.set(outFile, pending);
  }
  return pending;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  buildTargetService({ outDir: process.argv[2] }).then(
    (file) => {
      process.stdout.write(`${file}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
