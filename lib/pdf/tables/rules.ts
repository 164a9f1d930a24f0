import type { PdfRule } from '../types';
import { type HRule, type Region, TOL, type VRule } from './model';

export function normaliseRules(rules: readonly PdfRule[]): { h: HRule[]; v: VRule[] } {
  const hs: HRule[] = [];
  const vs: VRule[] = [];
  for (const r of rules) {
    if (Math.abs(r.y1 - r.y2) <= 0.5)
      hs.push({ y: (r.y1 + r.y2) / 2, x1: Math.min(r.x1, r.x2), x2: Math.max(r.x1, r.x2) });
    else if (Math.abs(r.x1 - r.x2) <= 0.5)
      vs.push({ x: (r.x1 + r.x2) / 2, y1: Math.min(r.y1, r.y2), y2: Math.max(r.y1, r.y2) });
  }
  const mergeH = (list: HRule[]): HRule[] => {
    list.sort((a, b) => a.y - b.y || a.x1 - b.x1);
    const out: HRule[] = [];
    // Cluster by y, then merge touching x ranges within a cluster.
    let i = 0;
    while (i < list.length) {
      let j = i;
      const y0 = list[i]!.y;
      while (j < list.length && list[j]!.y - y0 <= 1.2) j++;
      const group = list.slice(i, j).sort((a, b) => a.x1 - b.x1);
      const y = group.reduce((s, r) => s + r.y, 0) / group.length;
      let cur: HRule | undefined;
      for (const r of group) {
        if (cur && r.x1 <= cur.x2 + 1.5) cur.x2 = Math.max(cur.x2, r.x2);
        else {
          if (cur) out.push(cur);
          cur = { y, x1: r.x1, x2: r.x2 };
        }
      }
      if (cur) out.push(cur);
      i = j;
    }
    return out.filter((r) => r.x2 - r.x1 >= 3);
  };
  const v = mergeH(vs.map((r) => ({ y: r.x, x1: r.y1, x2: r.y2 }))).map((r) => ({ x: r.y, y1: r.x1, y2: r.x2 }));
  return { h: mergeH(hs), v };
}

/** Sorted distinct positions, clustered within `tol`. */
export function clusterPositions(values: readonly number[], tol: number): number[] {
  const s = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of s) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= tol) last.push(v);
    else out.push([v]);
  }
  return out.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

/** Connected groups of crossing rules with at least two horizontal and two vertical lines: ruled table candidates. */
export function ruledRegions(h: readonly HRule[], v: readonly VRule[]): Region[] {
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  const vs = v.map((r, i) => ({ r, i: h.length + i })).sort((a, b) => a.r.x - b.r.x);
  for (const [hi, hr] of h.entries()) {
    for (const { r: vr, i } of vs) {
      if (vr.x < hr.x1 - TOL) continue;
      if (vr.x > hr.x2 + TOL) break;
      if (hr.y >= vr.y1 - TOL && hr.y <= vr.y2 + TOL) union(hi, i);
    }
  }
  const groups = new Map<number, Region>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity, h: [], v: [] }));
    if (i < h.length) {
      const r = h[i]!;
      g.h.push(r);
      g.x1 = Math.min(g.x1, r.x1);
      g.x2 = Math.max(g.x2, r.x2);
      g.y1 = Math.min(g.y1, r.y);
      g.y2 = Math.max(g.y2, r.y);
    } else {
      const r = v[i - h.length]!;
      g.v.push(r);
      g.x1 = Math.min(g.x1, r.x);
      g.x2 = Math.max(g.x2, r.x);
      g.y1 = Math.min(g.y1, r.y1);
      g.y2 = Math.max(g.y2, r.y2);
    }
  }
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2 && g.x2 - g.x1 > 20 && g.y2 - g.y1 > 8);
}

export const hasV = (region: Region, x: number, ya: number, yb: number): boolean =>
  region.v.some((r) => Math.abs(r.x - x) <= TOL && r.y1 <= ya + TOL && r.y2 >= yb - TOL);
export const hasH = (region: Region, y: number, xa: number, xb: number): boolean =>
  region.h.some((r) => Math.abs(r.y - y) <= TOL && r.x1 <= xa + TOL && r.x2 >= xb - TOL);

/** Collinear vertical rules that touch (a rule cut by the page break, moved together) as one. */
export function joinVertical(v: readonly VRule[]): VRule[] {
  const byX = [...v].sort((a, b) => a.x - b.x);
  const out: VRule[] = [];
  let i = 0;
  while (i < byX.length) {
    let j = i + 1;
    while (j < byX.length && byX[j]!.x - byX[j - 1]!.x <= 1.2) j++;
    const group = byX.slice(i, j).sort((a, b) => a.y1 - b.y1);
    const x = group.reduce((s, r) => s + r.x, 0) / group.length;
    let cur: VRule | undefined;
    for (const r of group) {
      if (cur && r.y1 <= cur.y2 + 1.5) cur.y2 = Math.max(cur.y2, r.y2);
      else {
        if (cur) out.push(cur);
        cur = { x, y1: r.y1, y2: r.y2 };
      }
    }
    if (cur) out.push(cur);
    i = j;
  }
  return out;
}
