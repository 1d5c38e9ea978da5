/**
 * Places a service graph (from traces) in columns, left to right along the call direction:
 * client → load balancer → services → database. Pure, so the layout is unit-tested.
 */
import type { ServiceEdge, ServiceGraph, ServiceNode } from "@/lib/lab/types";

/** A node with its place in the drawing (x, y = top-left corner). */
export interface PlacedNode extends ServiceNode {
  column: number;
  x: number;
  y: number;
  errorRate: number;
}

/** An edge with its end points (source's right edge to target's left edge). */
export interface PlacedEdge extends ServiceEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  errorRate: number;
}

/** The whole drawing. */
export interface ServiceMapLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 46;
const COLUMN_GAP = 90;
const ROW_GAP = 26;
const PADDING = 10;

const TYPE_RANK: Record<ServiceNode["type"], number> = { client: 0, "load-balancer": 1, service: 2, database: 3 };

export function errorRate(errors: number, requests: number): number {
  return requests > 0 ? errors / requests : 0;
}

export function errorTone(rate: number): "ok" | "warn" | "bad" {
  return rate >= 0.05 ? "bad" : rate >= 0.005 ? "warn" : "ok";
}

/**
 * Column = longest call path from a root (a node nobody calls), so api → backend → db reads
 * left to right. Calls that close a cycle (found by a depth-first walk from the roots) are
 * left out of the ranking, so a retry loop between two services cannot stretch the map.
 */
function columns(graph: ServiceGraph): Map<string, number> {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const edges = graph.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target);
  const called = new Set(edges.map((edge) => edge.target));
  const outgoing = new Map<string, ServiceEdge[]>();
  for (const edge of edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge]);

  const visiting = new Set<string>();
  const done = new Set<string>();
  const forward: ServiceEdge[] = [];
  const visit = (id: string) => {
    visiting.add(id);
    for (const edge of outgoing.get(id) ?? []) {
      if (visiting.has(edge.target)) continue;
      forward.push(edge);
      if (!done.has(edge.target)) visit(edge.target);
    }
    visiting.delete(id);
    done.add(id);
  };
  const starts = [...graph.nodes].sort((a, b) => Number(called.has(a.id)) - Number(called.has(b.id)) || TYPE_RANK[a.type] - TYPE_RANK[b.type]);
  for (const node of starts) if (!done.has(node.id)) visit(node.id);

  const column = new Map<string, number>(graph.nodes.map((node) => [node.id, 0]));
  for (let pass = 0; pass < graph.nodes.length; pass += 1) {
    let changed = false;
    for (const edge of forward) {
      const next = (column.get(edge.source) ?? 0) + 1;
      if (next > (column.get(edge.target) ?? 0)) {
        column.set(edge.target, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return column;
}

export function layoutServiceMap(graph: ServiceGraph): ServiceMapLayout {
  const column = columns(graph);
  const byColumn = new Map<number, ServiceNode[]>();
  for (const node of graph.nodes) {
    const index = column.get(node.id) ?? 0;
    byColumn.set(index, [...(byColumn.get(index) ?? []), node]);
  }
  const tallest = Math.max(1, ...[...byColumn.values()].map((nodes) => nodes.length));
  const height = PADDING * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  const placed = new Map<string, PlacedNode>();
  for (const [index, nodes] of byColumn) {
    const sorted = [...nodes].sort((a, b) => TYPE_RANK[a.type] - TYPE_RANK[b.type] || a.name.localeCompare(b.name));
    const stackHeight = sorted.length * NODE_HEIGHT + (sorted.length - 1) * ROW_GAP;
    const top = (height - stackHeight) / 2;
    sorted.forEach((node, row) => {
      placed.set(node.id, {
        ...node,
        column: index,
        x: PADDING + index * (NODE_WIDTH + COLUMN_GAP),
        y: top + row * (NODE_HEIGHT + ROW_GAP),
        errorRate: errorRate(node.errors, node.requests),
      });
    });
  }
  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges) {
    const source = placed.get(edge.source);
    const target = placed.get(edge.target);
    if (!source || !target || source === target) continue;
    edges.push({
      ...edge,
      x1: source.x + NODE_WIDTH,
      y1: source.y + NODE_HEIGHT / 2,
      x2: target.x,
      y2: target.y + NODE_HEIGHT / 2,
      errorRate: errorRate(edge.errors, edge.requests),
    });
  }
  const lastColumn = Math.max(0, ...[...placed.values()].map((node) => node.column));
  return { nodes: [...placed.values()], edges, width: PADDING * 2 + (lastColumn + 1) * NODE_WIDTH + lastColumn * COLUMN_GAP, height };
}
