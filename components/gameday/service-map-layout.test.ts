import { describe, expect, it } from "vitest";
import type { ServiceGraph } from "@/lib/lab/types";
import { errorTone, layoutServiceMap } from "./service-map-layout";

const node = (id: string, type: ServiceGraph["nodes"][number]["type"], requests = 100, errors = 0) => ({ id, name: id, type, requests, errors, averageLatencyMs: 10 });
const edge = (source: string, target: string, requests = 100, errors = 0) => ({ source, target, requests, errors, averageLatencyMs: 12, p95LatencyMs: 40 });

describe("service map layout", () => {
  it("places the call chain left to right, one column per hop", () => {
    const layout = layoutServiceMap({
      nodes: [node("db", "database"), node("backend", "service"), node("api", "service"), node("alb", "load-balancer"), node("users", "client")],
      edges: [edge("users", "alb"), edge("alb", "api"), edge("api", "backend"), edge("backend", "db"), edge("api", "db", 50, 5)],
    });
    const column = Object.fromEntries(layout.nodes.map((entry) => [entry.id, entry.column]));
    expect(column).toEqual({ users: 0, alb: 1, api: 2, backend: 3, db: 4 });
    const xs = layout.nodes.sort((a, b) => a.column - b.column).map((entry) => entry.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const apiToDb = layout.edges.find((entry) => entry.source === "api" && entry.target === "db");
    expect(apiToDb?.errorRate).toBeCloseTo(0.1);
    expect(apiToDb && apiToDb.x2 > apiToDb.x1).toBe(true);
    expect(layout.width).toBeGreaterThan(0);
  });

  it("survives cycles, self-calls and edges to unknown nodes", () => {
    const layout = layoutServiceMap({
      nodes: [node("a", "service"), node("b", "service")],
      edges: [edge("a", "b"), edge("b", "a"), edge("a", "a"), edge("a", "ghost")],
    });
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges.map((entry) => `${entry.source}>${entry.target}`).sort()).toEqual(["a>b", "b>a"]);
  });

  it("stacks nodes of one column without overlap", () => {
    const layout = layoutServiceMap({ nodes: [node("lb", "load-balancer"), node("x", "service"), node("y", "service")], edges: [edge("lb", "x"), edge("lb", "y")] });
    const [x, y] = layout.nodes.filter((entry) => entry.column === 1).sort((a, b) => a.y - b.y);
    expect(x && y && y.y - x.y).toBeGreaterThanOrEqual(46);
  });

  it("grades error rates", () => {
    expect(errorTone(0)).toBe("ok");
    expect(errorTone(0.01)).toBe("warn");
    expect(errorTone(0.2)).toBe("bad");
  });
});
