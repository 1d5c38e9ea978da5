import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { crc32, zip } from "./zip";

describe("the report's ZIP archive", () => {
  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("writes an archive a standard reader lists and verifies", () => {
    const archive = zip([
      { name: "report.md", data: "# Report\n\n![chart](charts/run-1-probe_public.svg)\n" },
      { name: "charts/run-1-probe_public.svg", data: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
    ]);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "report-zip-")), "report.zip");
    writeFileSync(file, archive);
    const script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint('\\n'.join(z.namelist()))\nprint(z.read('report.md').decode())";
    const listed = execFileSync("python3", ["-c", script, file], { encoding: "utf8" });
    expect(listed).toBe("report.md\ncharts/run-1-probe_public.svg\n# Report\n\n![chart](charts/run-1-probe_public.svg)\n\n");
  });
});
