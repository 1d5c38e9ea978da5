/**
 * `npm run bench`: runs every benchmark script in bench/ one after another (they share the
 * machine, so never in parallel) and prints each one's output. Each script stops by itself.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.endsWith(".test.ts"))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(dir, script)], { stdio: "inherit", timeout: 15 * 60 * 1000 });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${script} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed ? 1 : 0);
