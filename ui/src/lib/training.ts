// Training's front-end logic with no DOM and no Tauri, so Vitest can test it in Node:
// filtering scenarios, what the debrief shows, the map's view box (zoom and pan), and
// what the sanitiser lets through from the shell's SVG and certificate.

import type { DebriefAnswer } from "./bindings/DebriefAnswer";
import type { DebriefScreen } from "./bindings/DebriefScreen";
import type { ScenarioItem } from "./bindings/ScenarioItem";

// ------------------------------------------------------------------ choosing a scenario

export interface ScenarioFilters {
  /** An agency id, or "" for any. */
  agency: string;
  /** A topic, or "" for any. */
  topic: string;
  /** "foundation", "advanced", or "" for any. */
  level: string;
}

export const NO_FILTERS: ScenarioFilters = { agency: "", topic: "", level: "" };

/** The scenarios that suit the agency, have the topic and are at the level chosen, in order. */
export function filterScenarios(items: ScenarioItem[], f: ScenarioFilters): ScenarioItem[] {
  return items.filter((i) => (!f.agency || i.scenario.agencies.includes(f.agency)) && (!f.topic || i.scenario.topics.includes(f.topic)) && (!f.level || i.scenario.level === f.level));
}

/** "3 of 28 scenarios", or "28 scenarios". */
export function countText(shown: number, all: number): string {
  const noun = all === 1 ? "scenario" : "scenarios";
  return shown === all ? `${all} ${noun}` : `${shown} of ${all} ${noun}`;
}

// ------------------------------------------------------------------ the debrief

/**
 * The answers of a screen worth showing: all of a question's; of a checklist, those
 * answered differently, ticked by either walk, or with a teaching note (as the
 * terminal's debrief does).
 */
export function answersShown(screen: DebriefScreen): DebriefAnswer[] {
  if (screen.kind !== "checklist") return screen.answers;
  return screen.answers.filter((a) => a.diverges || a.note !== null || [a.trainee, a.expected].some((x) => x !== null && x.value !== "no"));
}

/** Why a screen is in the debrief when one walk did not reach it. */
export function reachText(screen: DebriefScreen): string | null {
  if (!screen.trainee_saw) return "You did not reach this screen.";
  if (!screen.expected) return "The expected walk does not reach this screen.";
  return null;
}

// ------------------------------------------------------------------ the map's view box

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** How far the map may be zoomed: from a whole map in view to three times its size. */
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 3;

/** The view box that shows the viewport (`vw` × `vh` pixels) at `scale` pixels a map unit. */
export function boxAt(x: number, y: number, scale: number, vw: number, vh: number): Box {
  return { x, y, w: vw / scale, h: vh / scale };
}

/** Pixels a map unit for a view box in a viewport `vw` pixels wide. */
export function scaleOf(box: Box, vw: number): number {
  return vw / box.w;
}

/**
 * Zooms by `factor` about a point of the viewport (fractions `fx`, `fy` across and
 * down, the centre by default), keeping that point where it is, within the scale limits.
 */
export function zoom(box: Box, factor: number, vw: number, fx = 0.5, fy = 0.5): Box {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scaleOf(box, vw) * factor));
  const w = vw / scale;
  const h = (box.h * w) / box.w;
  return { x: box.x + (box.w - w) * fx, y: box.y + (box.h - h) * fy, w, h };
}

/** Moves the view by fractions of its own size (positive: right and down). */
export function pan(box: Box, fx: number, fy: number): Box {
  return { ...box, x: box.x + box.w * fx, y: box.y + box.h * fy };
}

/** Keeps some of the map in view: the view's centre stays over the map. */
export function clampBox(box: Box, mapW: number, mapH: number): Box {
  const cx = Math.min(mapW, Math.max(0, box.x + box.w / 2));
  const cy = Math.min(mapH, Math.max(0, box.y + box.h / 2));
  return { ...box, x: cx - box.w / 2, y: cy - box.h / 2 };
}

/** The whole map in the viewport, centred. */
export function fitBox(mapW: number, mapH: number, vw: number, vh: number): Box {
  const scale = Math.min(vw / mapW, vh / mapH);
  const w = vw / scale;
  const h = vh / scale;
  return { x: (mapW - w) / 2, y: (mapH - h) / 2, w, h };
}

/**
 * The view box to start with: readable (at least `minScale`, at most 1), the map's
 * width if that fits, over its top left (the legend, and the first question below it).
 */
export function startBox(mapW: number, vw: number, vh: number, minScale = 0.55): Box {
  const scale = Math.min(1, Math.max(minScale, vw / mapW));
  return boxAt(0, 0, scale, vw, vh);
}

/**
 * The view box that frames `bounds` (in map units) in the viewport: as large as fits, at
 * most life size and at least `minScale`; centred, or from its top when it is taller
 * than the view at that scale (a route is read from its start).
 */
export function frameBox(bounds: Box, vw: number, vh: number, minScale = 0.55, pad = 40): Box {
  const scale = Math.min(1, Math.max(minScale, Math.min(vw / (bounds.w + 2 * pad), vh / (bounds.h + 2 * pad))));
  const w = vw / scale;
  const h = vh / scale;
  const y = bounds.h + 2 * pad > h ? bounds.y - pad : bounds.y + bounds.h / 2 - h / 2;
  return { x: bounds.x + bounds.w / 2 - w / 2, y, w, h };
}

/** What a key press on the map does, or null. */
export type MapKey = { kind: "zoom"; factor: number } | { kind: "pan"; fx: number; fy: number } | { kind: "reset" } | { kind: "fit" } | null;

export function mapKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): MapKey {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case "+":
    case "=":
      return { kind: "zoom", factor: 1.25 };
    case "-":
    case "_":
    case "\u2212":
      return { kind: "zoom", factor: 0.8 };
    case "ArrowLeft":
      return { kind: "pan", fx: -0.2, fy: 0 };
    case "ArrowRight":
      return { kind: "pan", fx: 0.2, fy: 0 };
    case "ArrowUp":
      return { kind: "pan", fx: 0, fy: -0.2 };
    case "ArrowDown":
      return { kind: "pan", fx: 0, fy: 0.2 };
    case "0":
      return { kind: "reset" };
    case "f":
    case "F":
      return { kind: "fit" };
    default:
      return null;
  }
}

/** "120%": the map's zoom in words. */
export function zoomText(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}

// ------------------------------------------------------------------ the sanitiser's lists

/** The SVG elements the map may hold; anything else (script, style, foreignObject, use, image, a, animation) is dropped with its content. */
export const SVG_ELEMENTS = new Set(["svg", "g", "title", "desc", "defs", "marker", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan"]);

const SVG_ATTRIBUTES = new Set([
  "id", "class", "role", "tabindex", "aria-label", "aria-labelledby", "aria-hidden", "aria-describedby",
  "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "d", "points", "transform", "viewBox", "preserveAspectRatio",
  "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity", "fill-opacity", "stroke-opacity", "visibility",
  "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits",
  "font-size", "font-weight", "letter-spacing", "text-anchor", "dominant-baseline", "paint-order",
]);

/**
 * Whether an attribute of the map's SVG is kept: only those drawn with (no `style`,
 * which the CSP refuses, no event handlers, no links), `data-` attributes, and no value
 * that reaches outside the document (only `url(#…)`). Not `font-family`: the map takes
 * the app's generic family, as WebKitGTK is slow to fall through a list of named fonts.
 */
export function safeSvgAttribute(name: string, value: string): boolean {
  if (!(SVG_ATTRIBUTES.has(name) || /^data-[a-z][a-z0-9-]*$/.test(name))) return false;
  if (/javascript:|data:|https?:|\\/i.test(value)) return false;
  const urls = value.match(/url\(([^)]*)\)/gi) ?? [];
  return urls.every((u) => /^url\(#[A-Za-z0-9_-]+\)$/.test(u));
}

/** The certificate's elements kept (its `main`), each as what it becomes in the page. */
export const CERTIFICATE_ELEMENTS: Record<string, string> = {
  h1: "h2",
  p: "p",
  table: "table",
  caption: "caption",
  thead: "thead",
  tbody: "tbody",
  tr: "tr",
  th: "th",
  td: "td",
  strong: "strong",
  em: "em",
};

/** The certificate's attributes kept: a table's own structure, and its few classes. */
export function safeCertificateAttribute(name: string, value: string): boolean {
  if (name === "scope") return ["col", "row", "colgroup", "rowgroup"].includes(value);
  if (name === "colspan" || name === "rowspan") return /^[1-9][0-9]?$/.test(value);
  if (name === "class") return /^[a-z][a-z -]*$/.test(value);
  return false;
}
