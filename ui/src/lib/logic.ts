// Front-end logic with no DOM and no Tauri, so Vitest can test it in Node.

import type { AgencyView } from "./bindings/AgencyView";
import type { ContactDef } from "./bindings/ContactDef";
import type { DiagnosticView } from "./bindings/DiagnosticView";
import type { DirectoryContact } from "./bindings/DirectoryContact";
import type { OutcomeView } from "./bindings/OutcomeView";
import type { PathStep } from "./bindings/PathStep";

// ------------------------------------------------------------------ shortcuts

const KEYS = "123456789abcdefghijklmnopqrstuvwxyz";

/** The key that picks the i-th answer or item: 1–9, then a–z. */
export function shortcutKey(i: number): string | undefined {
  return KEYS[i];
}

/** Which of `count` answers a key press picks, or -1. */
export function keyIndex(key: string, count: number): number {
  if (key.length !== 1) return -1;
  const i = KEYS.indexOf(key.toLowerCase());
  return i >= 0 && i < count ? i : -1;
}

/** Typing into these must not trigger shortcuts. */
export function isTextEntry(el: { tagName?: string; type?: string; isContentEditable?: boolean } | null): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select" || el.isContentEditable) return true;
  if (tag !== "input") return false;
  return !["checkbox", "radio", "button", "submit", "reset"].includes((el.type ?? "text").toLowerCase());
}

export type WalkKey = { kind: "pick"; index: number } | { kind: "back" } | { kind: "continue" } | null;

/**
 * What a key press means on a walk screen with `count` answers or items. With
 * `singleKeys` off (Settings; WCAG 2.1.4), a letter or digit alone does nothing: only
 * Enter, Backspace and Alt+Left, which are not character keys, still work.
 */
export function walkKey(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }, count: number, targetIsButton: boolean, singleKeys = true): WalkKey {
  if (e.ctrlKey || e.metaKey) return null;
  if (e.key === "Backspace" || (e.altKey && e.key === "ArrowLeft")) return { kind: "back" };
  if (e.altKey) return null;
  if (e.key === "Enter" && !targetIsButton) return { kind: "continue" };
  if (!singleKeys) return null;
  const i = keyIndex(e.key, count);
  return i >= 0 ? { kind: "pick", index: i } : null;
}

// ------------------------------------------------------------------ progress

export function progress(step: number, atMostRemaining: number): { text: string; value: number; max: number } {
  const max = step + atMostRemaining;
  const text = atMostRemaining === 0 ? `Step ${step}: the last question` : `Step ${step} of at most ${max}`;
  return { text, value: step, max };
}

// ------------------------------------------------------------------ emergencies

/** Emergency outcomes (999, police protection) that appeared with the last answer. */
export function newEmergencies(before: string[], after: OutcomeView[], first: string[]): OutcomeView[] {
  return after.filter((o) => first.includes(o.id) && !before.includes(o.id));
}

// ------------------------------------------------------------------ search

function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[’']/g, "'");
}

/** Lower-case words of a query; digits in a phone number are kept together ("0207946" finds "020 7946"). */
function terms(query: string): string[] {
  return fold(query).split(/\s+/).filter(Boolean);
}

function matches(haystack: string, words: string[]): boolean {
  const text = fold(haystack);
  const digits = text.replace(/[^0-9]/g, "");
  return words.every((w) => text.includes(w) || (/^[0-9]+$/.test(w) && digits.includes(w)));
}

function rank(name: string, words: string[]): number {
  const n = fold(name);
  return words.every((w) => n.includes(w)) ? 0 : 1;
}

export function contactText(c: ContactDef, packName = ""): string {
  return [c.name, c.description ?? "", c.hours ?? "", c.kind, packName, ...c.numbers.flatMap((n) => [n.label, n.value])].join(" \n ");
}

export function agencyText(a: AgencyView): string {
  return [a.name, a.summary, ...a.sections.flatMap((s) => [s.heading, s.text]), ...a.coming_in.flatMap((c) => [c.title, c.text])].join(" \n ");
}

/** Contacts matching every word of the query, those whose name matches first; all when empty. */
export function searchContacts(contacts: DirectoryContact[], query: string): DirectoryContact[] {
  const words = terms(query);
  if (words.length === 0) return contacts;
  return contacts
    .filter((c) => matches(contactText(c.contact, c.pack_name), words))
    .map((c, i) => ({ c, i, r: rank(c.contact.name, words) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

export function searchAgencies(agencies: AgencyView[], query: string): AgencyView[] {
  const words = terms(query);
  if (words.length === 0) return agencies;
  return agencies
    .filter((a) => matches(agencyText(a), words))
    .map((a, i) => ({ a, i, r: rank(a.name, words) }))
    .sort((x, y) => x.r - y.r || x.i - y.i)
    .map((x) => x.a);
}

// ------------------------------------------------------------------ the path

export interface PathScreen {
  node: string;
  title: string;
  kind: "question" | "checklist";
  answers: string[];
}

/** The screens answered, each with its answer (a checklist: the items ticked). */
export function pathScreens(path: PathStep[], factLabels: Record<string, string | undefined>): PathScreen[] {
  const out: PathScreen[] = [];
  for (const step of path) {
    if (step.kind !== "question" && step.kind !== "checklist") continue;
    let screen = out.find((s) => s.node === step.node);
    if (!screen) {
      screen = { node: step.node, title: step.title, kind: step.kind, answers: [] };
      out.push(screen);
    }
    if (step.kind === "question") {
      screen.answers.push(step.answer_label ?? step.answer ?? "");
    } else if (step.answer === "yes" && step.fact) {
      screen.answers.push(factLabels[step.fact] ?? step.fact);
    }
  }
  for (const s of out) {
    if (s.kind === "checklist" && s.answers.length === 0) s.answers.push("None ticked");
  }
  return out;
}

// ------------------------------------------------------------------ packs

export function formatDiagnostic(d: DiagnosticView): string {
  return `${d.file}:${d.line}:${d.column}: ${d.rule}: ${d.message}`;
}

// ------------------------------------------------------------------ records

/** Why a new passphrase cannot be used yet, or "" when it can go to the shell. */
export function passphraseProblem(passphrase: string, again: string, minLen: number): string {
  if ([...passphrase].length < minLen) return `Use at least ${minLen} characters. Three random words work well.`;
  if (passphrase !== again) return "The two passphrases are different. Type the same one twice.";
  return "";
}

/** A record's name in lists and headings: its number and reference, never a guess at more. */
export function recordTitle(r: { id: number; reference: string }): string {
  return r.reference.trim() ? `Record ${r.id}: ${r.reference.trim()}` : `Record ${r.id}`;
}

/** The agency's label for its id, or the id when the pack no longer lists it. */
export function agencyLabel(agencies: { id: string; label: string }[], id: string): string {
  return agencies.find((a) => a.id === id)?.label ?? id;
}

/** Whether a reference looks like it may hold a person's name (two capitalised words). */
export function looksLikeAName(reference: string): boolean {
  return /\b[A-Z][a-z]+\s+[A-Z][a-z'-]+\b/.test(reference);
}
