/**
 * `npm run bench`: runs every benchmark script in bench/ one after another (they share the
 * machine, so never in parallel), then rewrites BENCHMARKS.md from what they reported.
 * `npm run bench -- <name>` runs the scripts whose file name contains <name> and replaces
 * only their sections; the others keep their last measurement (bench/results.json).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { SectionSchema, type Section } from "./support/figures";

const dir = import.meta.dirname;
const RESULTS = path.join(dir, "results.json");
const OUTPUT = path.join(dir, "..", "BENCHMARKS.md");

const MachineSchema = z.object({ cpus: z.number(), cpuModel: z.string(), memoryGb: z.number(), node: z.string(), os: z.string(), loadBefore: z.array(z.number()) });
const ResultsSchema = z.object({ machine: MachineSchema, sections: z.array(SectionSchema) });
type Results = z.infer<typeof ResultsSchema>;

function thisMachine(): Results["machine"] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadBefore: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

/** A script starts once the previous one's processes have wound down: its tail would otherwise land in the next one's figures. */
const SETTLED_LOAD = 1;
const MAX_SETTLE_MS = 120_000;

function waitForQuietMachine(): void {
  const until = Date.now() + MAX_SETTLE_MS;
  while ((os.loadavg()[0] ?? 0) > SETTLED_LOAD && Date.now() < until) spawnSync("sleep", ["5"]);
}

function readPrevious(): Section[] {
  if (!existsSync(RESULTS)) return [];
  const parsed = ResultsSchema.safeParse(JSON.parse(readFileSync(RESULTS, "utf8")));
  return parsed.success ? parsed.data.sections : [];
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function render(results: Results): string {
  const { machine } = results;
  const lines = [
    "# Benchmarks",
    "",
    "Speed is measured by scripts that print numbers, never by timed tests. This file is written",
    "by `npm run bench`, which runs every script in `bench/` one after the other (each stops by",
    "itself) and rewrites it; `npm run bench -- <name>` reruns the scripts whose file name",
    "contains `<name>` and replaces only their sections. Do not edit it by hand: change the",
    "script's `about` or `notes` instead.",
    "",
    `Machine of the last full run: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}; load average before it ${machine.loadBefore.join(" / ")}.`,
    "Everything is real: embedded Postgres, the local-lab daemon with its target-service",
    "processes, the console's production build, HTTP on 127.0.0.1.",
    "",
    "| section | goals met |",
    "|---|---|",
  ];
  for (const section of results.sections) {
    const goals = section.figures.filter((figure) => figure.met !== undefined);
    const met = goals.filter((figure) => figure.met).length;
    lines.push(`| ${cell(section.title)} | ${goals.length ? `${met} of ${goals.length}` : "—"} |`);
  }
  for (const section of results.sections) {
    const when = `measured ${section.measuredAt?.slice(0, 16).replace("T", " ") ?? "?"} UTC${section.loadBefore === undefined ? "" : `, load average ${section.loadBefore} before it`}`;
    lines.push("", `## ${section.title}`, "", `\`${section.command}\` (${when})`, "");
    if (section.about) lines.push(section.about.trim(), "");
    lines.push("| what | target | measured | met |", "|---|---|---|---|");
    for (const figure of section.figures) {
      const verdict = figure.met === undefined ? "—" : figure.met ? "yes" : "**no**";
      lines.push(`| ${cell(figure.what)} | ${cell(figure.target || "—")} | ${cell(figure.measured)} | ${verdict} |`);
    }
    if (section.notes) lines.push("", section.notes.trim());
  }
  return `${lines.join("\n")}\n`;
}

function main(): void {
  const only = process.argv.slice(2);
  const scripts = readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.endsWith(".test.ts"))
    .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
    .sort();
  const machine = thisMachine();
  const scratch = mkdtempSync(path.join(os.tmpdir(), "gameday-bench-"));
  const fresh: Section[] = [];
  let failed = 0;
  try {
    for (const script of scripts) {
      console.log(`\n=== ${script} ===`);
      const sink = path.join(scratch, `${script}.jsonl`);
      waitForQuietMachine();
      const loadBefore = Number((os.loadavg()[0] ?? 0).toFixed(2));
      const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(dir, script)], {
        stdio: "inherit",
        timeout: 20 * 60 * 1000,
        env: { ...process.env, BENCH_FIGURES_FILE: sink },
      });
      if (result.status !== 0) {
        failed += 1;
        console.error(`${script} failed (exit ${result.status ?? result.signal})`);
      }
      if (existsSync(sink)) {
        for (const line of readFileSync(sink, "utf8").split("\n").filter(Boolean)) fresh.push({ ...SectionSchema.parse(JSON.parse(line)), loadBefore });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const replaced = new Set(fresh.map((section) => section.script));
  const sections = [...readPrevious().filter((section) => !replaced.has(section.script)), ...fresh].sort((a, b) => a.script.localeCompare(b.script));
  const results: Results = { machine: only.length === 0 || !existsSync(RESULTS) ? machine : ResultsSchema.parse(JSON.parse(readFileSync(RESULTS, "utf8"))).machine, sections };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(OUTPUT, render(results));
  console.log(`\nBENCHMARKS.md rewritten: ${fresh.length} section(s) measured now, ${sections.length - fresh.length} kept from earlier runs.`);
  process.exit(failed ? 1 : 0);
}

main();
