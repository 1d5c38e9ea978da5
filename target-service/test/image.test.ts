/**
 * The container image cannot be built here (no Docker engine), so its recipe is checked by
 * reading: the lines ECS relies on, and build inputs that match what the tests ran against.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { currentImageManifest, formatJson, MANIFEST_FILES, RUNTIME_DEPENDENCIES } from "../scripts/image-manifest";

const serviceDir = path.resolve(import.meta.dirname, "..");
const dockerfile = readFileSync(path.join(serviceDir, "Dockerfile"), "utf8");
const instructions = dockerfile
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

function stage(name: string): string[] {
  const start = instructions.findIndex((line) => new RegExp(`^FROM \\S+ AS ${name}$`, "i").test(line));
  const next = instructions.findIndex((line, index) => index > start && line.startsWith("FROM "));
  return instructions.slice(start, next === -1 ? undefined : next);
}

describe("Dockerfile", () => {
  it("builds with esbuild in one stage and runs only the bundle on node:24-slim in another", () => {
    const build = stage("build");
    const runtime = stage("runtime");
    expect(build[0]).toBe("FROM node:24-slim AS build");
    expect(build).toContain("RUN npm ci --ignore-scripts --no-audit --no-fund");
    expect(build).toContain("RUN npx tsx build.ts /build/dist");
    expect(runtime[0]).toBe("FROM node:24-slim AS runtime");
    const copies = runtime.filter((line) => line.startsWith("COPY"));
    expect(copies).toEqual(["COPY --from=build /build/dist/main.js ./main.mjs", "COPY --from=build /build/dist/main.js.map ./main.js.map"]);
  });

  it("runs as a non-root user, exposes 8080, stops on SIGTERM and checks /healthz", () => {
    const runtime = stage("runtime");
    expect(runtime).toContain("USER node");
    expect(runtime.indexOf("USER node")).toBeLessThan(runtime.findIndex((line) => line.startsWith("CMD")));
    expect(runtime).toContain("EXPOSE 8080");
    expect(runtime).toContain("STOPSIGNAL SIGTERM");
    const healthcheck = runtime.find((line) => line.startsWith("HEALTHCHECK"));
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*\/healthz.*"\]$/);
    expect(runtime.at(-1)).toBe('CMD ["node", "--enable-source-maps", "main.mjs"]');
  });

  it("has a .dockerignore that keeps local installs, bundles and tests out of the context", () => {
    const ignored = readFileSync(path.join(serviceDir, ".dockerignore"), "utf8").split("\n");
    for (const entry of ["node_modules", "dist", "test"]) expect(ignored).toContain(entry);
  });
});

describe("the image's package manifest", () => {
  it("matches the root pins and lockfile (regenerate with scripts/image-manifest.ts)", () => {
    const manifest = currentImageManifest();
    expect(readFileSync(MANIFEST_FILES.packageJson, "utf8")).toBe(formatJson(manifest.packageJson));
    expect(readFileSync(MANIFEST_FILES.lockfile, "utf8")).toBe(formatJson(manifest.lockfile));
  });

  it("lists every package the service imports", () => {
    const sourceDir = path.join(serviceDir, "src");
    const imported = new Set<string>();
    for (const file of readdirSync(sourceDir).filter((name) => name.endsWith(".ts"))) {
      const source = readFileSync(path.join(sourceDir, file), "utf8");
      for (const match of source.matchAll(/(?:from|import\()\s*"([^"]+)"/g)) {
        const specifier = match[1] ?? "";
        if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
        const parts = specifier.split("/");
        imported.add(specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? ""));
      }
    }
    expect([...imported].sort()).toEqual([...RUNTIME_DEPENDENCIES].sort());
  });
});
