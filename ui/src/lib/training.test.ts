import { describe, expect, it } from "vitest";
import type { DebriefAnswer } from "./bindings/DebriefAnswer";
import type { DebriefScreen } from "./bindings/DebriefScreen";
import type { ScenarioItem } from "./bindings/ScenarioItem";
import {
  answersShown,
  boxAt,
  clampBox,
  countText,
  filterScenarios,
  fitBox,
  frameBox,
  mapKey,
  NO_FILTERS,
  pan,
  reachText,
  safeCertificateAttribute,
  safeSvgAttribute,
  scaleOf,
  startBox,
  SVG_ELEMENTS,
  zoom,
  zoomText,
  MAX_SCALE,
  MIN_SCALE,
} from "./training";

function item(id: string, agencies: string[], topics: string[], level: "foundation" | "advanced"): ScenarioItem {
  return {
    scenario: { id, title: id, agencies, level, topics, trap: null, clock: "2026-12-02T14:10:00", clock_text: "", stages: [] },
    agency_labels: agencies,
    bundled: true,
    completed: false,
  };
}

const items = [item("a", ["police", "public"], ["immediate danger"], "foundation"), item("b", ["school"], ["fgm", "immediate danger"], "advanced"), item("c", ["public"], ["fgm"], "advanced")];

describe("choosing a scenario", () => {
  it("filters by agency, topic and level together", () => {
    expect(filterScenarios(items, NO_FILTERS).map((i) => i.scenario.id)).toEqual(["a", "b", "c"]);
    expect(filterScenarios(items, { ...NO_FILTERS, agency: "public" }).map((i) => i.scenario.id)).toEqual(["a", "c"]);
    expect(filterScenarios(items, { ...NO_FILTERS, topic: "fgm" }).map((i) => i.scenario.id)).toEqual(["b", "c"]);
    expect(filterScenarios(items, { agency: "public", topic: "fgm", level: "advanced" }).map((i) => i.scenario.id)).toEqual(["c"]);
    expect(filterScenarios(items, { agency: "police", topic: "fgm", level: "" })).toEqual([]);
  });
  it("says how many are shown", () => {
    expect(countText(3, 3)).toBe("3 scenarios");
    expect(countText(1, 3)).toBe("1 of 3 scenarios");
    expect(countText(1, 1)).toBe("1 scenario");
  });
});

function answer(fact: string, trainee: string | null, expected: string | null, note = false): DebriefAnswer {
  const a = (v: string | null) => (v === null ? null : { value: v, label: v });
  return { fact, label: fact, trainee: a(trainee), expected: a(expected), diverges: trainee !== expected, note: note ? { node: "n", fact, text: "why", sources: [] } : null };
}

function screen(kind: "question" | "checklist", answers: DebriefAnswer[], saw = true, expected = true): DebriefScreen {
  return { node: "n", kind, title: "T", sources: [], trainee_saw: saw, expected, answers, diverges: answers.some((a) => a.diverges) };
}

describe("the debrief", () => {
  it("shows every answer of a question, and only the checklist items that matter", () => {
    const q = screen("question", [answer("x", "no", "no")]);
    expect(answersShown(q)).toHaveLength(1);
    const c = screen("checklist", [answer("quiet", "no", "no"), answer("ticked", "yes", "yes"), answer("wrong", "no", "yes"), answer("noted", "no", "no", true)]);
    expect(answersShown(c).map((a) => a.fact)).toEqual(["ticked", "wrong", "noted"]);
  });
  it("says when a walk did not reach a screen", () => {
    expect(reachText(screen("question", [], false, true))).toBe("You did not reach this screen.");
    expect(reachText(screen("question", [], true, false))).toBe("The expected walk does not reach this screen.");
    expect(reachText(screen("question", []))).toBeNull();
  });
});

describe("the map's view box", () => {
  const vw = 1000;
  const vh = 600;
  it("zooms about a point, keeping it in place, within limits", () => {
    const box = boxAt(100, 200, 1, vw, vh);
    const z = zoom(box, 2, vw, 0.25, 0.5);
    expect(scaleOf(z, vw)).toBeCloseTo(2);
    // The point a quarter across stays where it was on the map.
    expect(box.x + box.w * 0.25).toBeCloseTo(z.x + z.w * 0.25);
    expect(box.y + box.h * 0.5).toBeCloseTo(z.y + z.h * 0.5);
    expect(z.w / z.h).toBeCloseTo(vw / vh);
    expect(scaleOf(zoom(box, 100, vw), vw)).toBe(MAX_SCALE);
    expect(scaleOf(zoom(box, 0.0001, vw), vw)).toBeCloseTo(MIN_SCALE);
  });
  it("pans by a share of the view, and never loses the map", () => {
    const box = boxAt(0, 0, 1, vw, vh);
    expect(pan(box, 0.2, -0.1)).toEqual({ x: 200, y: -60, w: 1000, h: 600 });
    const lost = clampBox({ x: 9000, y: -9000, w: 1000, h: 600 }, 2600, 6300);
    expect(lost.x + lost.w / 2).toBe(2600);
    expect(lost.y + lost.h / 2).toBe(0);
  });
  it("fits the whole map, and starts readable at the top", () => {
    const fit = fitBox(2600, 6300, vw, vh);
    expect(fit.h).toBeCloseTo(6300);
    expect(fit.w / fit.h).toBeCloseTo(vw / vh);
    const start = startBox(2600, vw, vh);
    expect([start.x, start.y]).toEqual([0, 0]);
    expect(scaleOf(start, vw)).toBeCloseTo(0.55);
    expect(scaleOf(startBox(500, vw, vh), vw)).toBe(1);
  });
  it("frames a route: centred when it fits, from its top when it does not", () => {
    const small = frameBox({ x: 1000, y: 200, w: 300, h: 200 }, vw, vh);
    expect(scaleOf(small, vw)).toBe(1);
    expect(small.x + small.w / 2).toBeCloseTo(1150);
    expect(small.y + small.h / 2).toBeCloseTo(300);
    const tall = frameBox({ x: 500, y: 100, w: 800, h: 4000 }, vw, vh);
    expect(scaleOf(tall, vw)).toBeCloseTo(0.55);
    expect(tall.y).toBe(60);
    expect(tall.x + tall.w / 2).toBeCloseTo(900);
  });
  it("reads keys: + and − zoom, arrows pan, 0 resets, F fits", () => {
    const k = (key: string, mods = {}) => mapKey({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(k("+")).toEqual({ kind: "zoom", factor: 1.25 });
    expect(k("=")).toEqual({ kind: "zoom", factor: 1.25 });
    expect(k("-")).toEqual({ kind: "zoom", factor: 0.8 });
    expect(k("ArrowDown")).toEqual({ kind: "pan", fx: 0, fy: 0.2 });
    expect(k("0")).toEqual({ kind: "reset" });
    expect(k("f")).toEqual({ kind: "fit" });
    expect(k("+", { ctrlKey: true })).toBeNull();
    expect(k("x")).toBeNull();
    expect(zoomText(0.554)).toBe("55%");
  });
});

describe("the sanitiser's lists", () => {
  it("keeps the map's drawing and its accessibility, nothing that runs or reaches out", () => {
    for (const [name, value] of [["class", "node question on-both"], ["tabindex", "0"], ["aria-label", "Question: Is a child in danger?"], ["marker-end", "url(#pm-arrow)"], ["stroke-dasharray", "10 6"], ["data-node", "immediate-danger"], ["viewBox", "0 0 10 10"]]) {
      expect(safeSvgAttribute(name, value), name).toBe(true);
    }
    for (const [name, value] of [["style", "fill:red"], ["onclick", "alert(1)"], ["href", "#x"], ["xlink:href", "http://x"], ["fill", "url(http://evil/x)"], ["marker-end", "url(data:image/svg+xml,x)"], ["data-x", "javascript:alert(1)"], ["font-family", "Arial"]]) {
      expect(safeSvgAttribute(name, value), name).toBe(false);
    }
    for (const el of ["script", "style", "foreignObject", "use", "image", "a", "animate", "set", "iframe"]) expect(SVG_ELEMENTS.has(el), el).toBe(false);
  });
  it("keeps only a table's structure from the certificate", () => {
    expect(safeCertificateAttribute("scope", "col")).toBe(true);
    expect(safeCertificateAttribute("colspan", "5")).toBe(true);
    expect(safeCertificateAttribute("class", "holder")).toBe(true);
    expect(safeCertificateAttribute("style", "color:red")).toBe(false);
    expect(safeCertificateAttribute("colspan", "5; x")).toBe(false);
    expect(safeCertificateAttribute("onload", "x")).toBe(false);
  });
});
