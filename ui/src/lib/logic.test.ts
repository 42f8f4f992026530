import { describe, expect, it } from "vitest";
import type { AgencyView } from "./bindings/AgencyView";
import type { ContactDef } from "./bindings/ContactDef";
import type { DirectoryContact } from "./bindings/DirectoryContact";
import type { OutcomeView } from "./bindings/OutcomeView";
import type { PathStep } from "./bindings/PathStep";
import {
  agencyLabel,
  formatDiagnostic,
  isTextEntry,
  keyIndex,
  looksLikeAName,
  newEmergencies,
  passphraseProblem,
  pathScreens,
  progress,
  recordTitle,
  searchAgencies,
  searchContacts,
  shortcutKey,
  walkKey,
} from "./logic";

function contact(id: string, name: string, numbers: string[] = [], extra: Partial<ContactDef> = {}): ContactDef {
  return {
    id,
    name,
    kind: "local",
    description: null,
    hours: null,
    placeholder: numbers.length === 0,
    example: false,
    numbers: numbers.map((value) => ({ label: "Phone", value })),
    sources: [],
    pack: "england",
    ...extra,
  };
}

function outcome(id: string, contacts: ContactDef[] = []): OutcomeView {
  return {
    id,
    title: id,
    summary: "",
    timescale: "",
    due: "now",
    steps: [],
    tell_family: null,
    record: null,
    if_no_response: null,
    advice: null,
    notes: [],
    additions: [],
    contacts,
    coming_in: [],
    sources: [],
  };
}

describe("shortcuts", () => {
  it("numbers answers 1–9 then a–z", () => {
    expect([0, 8, 9, 13].map(shortcutKey)).toEqual(["1", "9", "a", "e"]);
    expect(keyIndex("2", 2)).toBe(1);
    expect(keyIndex("3", 2)).toBe(-1);
    expect(keyIndex("B", 14)).toBe(10);
    expect(keyIndex("Enter", 14)).toBe(-1);
  });

  it("knows back, continue and picks, and leaves modified keys alone", () => {
    const k = (key: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}, button = false) =>
      walkKey({ key, altKey: false, ctrlKey: false, metaKey: false, ...mods }, 3, button);
    expect(k("Backspace")).toEqual({ kind: "back" });
    expect(k("ArrowLeft", { altKey: true })).toEqual({ kind: "back" });
    expect(k("Enter")).toEqual({ kind: "continue" });
    expect(k("Enter", {}, true)).toBeNull();
    expect(k("2")).toEqual({ kind: "pick", index: 1 });
    expect(k("2", { ctrlKey: true })).toBeNull();
    expect(k("9")).toBeNull();
  });

  it("turns single-key shortcuts off but keeps Enter and Backspace (WCAG 2.1.4)", () => {
    const k = (key: string) => walkKey({ key, altKey: false, ctrlKey: false, metaKey: false }, 3, false, false);
    expect(k("2")).toBeNull();
    expect(k("a")).toBeNull();
    expect(k("Enter")).toEqual({ kind: "continue" });
    expect(k("Backspace")).toEqual({ kind: "back" });
  });

  it("does not steal keys from text fields", () => {
    expect(isTextEntry({ tagName: "INPUT", type: "search" })).toBe(true);
    expect(isTextEntry({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTextEntry({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTextEntry({ tagName: "BUTTON" })).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});

describe("progress", () => {
  it("says how many screens may follow", () => {
    expect(progress(2, 3)).toEqual({ text: "Step 2 of at most 5", value: 2, max: 5 });
    expect(progress(4, 0).text).toBe("Step 4: the last question");
  });
});

describe("emergencies", () => {
  it("shows the emergency screen once, when 999 first appears", () => {
    const first = ["call-999", "police-protection"];
    const after = [outcome("call-999"), outcome("refer-csc-immediately")];
    expect(newEmergencies([], after, first).map((o) => o.id)).toEqual(["call-999"]);
    expect(newEmergencies(["call-999"], after, first)).toEqual([]);
    expect(newEmergencies([], [outcome("early-help")], first)).toEqual([]);
  });
});

describe("search", () => {
  const contacts: DirectoryContact[] = [
    contact("police-999", "Police: emergency (999)", ["999"], { kind: "national", description: "When a child is in danger now." }),
    contact("csc-out-of-hours", "Northbrook Emergency Duty Team - EXAMPLE", ["020 7946 0456"], { description: "Social workers for emergencies." }),
    contact("lado", "Local authority designated officer (LADO)"),
  ].map((c) => ({ contact: c, pack_name: c.id === "police-999" ? "England" : "Northbrook", sources: [] }));

  it("finds as you type, by name, text, number and pack", () => {
    expect(searchContacts(contacts, "").length).toBe(3);
    expect(searchContacts(contacts, "lado").map((c) => c.contact.id)).toEqual(["lado"]);
    expect(searchContacts(contacts, "DUTY team").map((c) => c.contact.id)).toEqual(["csc-out-of-hours"]);
    expect(searchContacts(contacts, "0207946").map((c) => c.contact.id)).toEqual(["csc-out-of-hours"]);
    expect(searchContacts(contacts, "northbrook").length).toBe(2);
    expect(searchContacts(contacts, "zebra")).toEqual([]);
  });

  it("puts name matches first", () => {
    expect(searchContacts(contacts, "emergency").map((c) => c.contact.id)).toEqual(["police-999", "csc-out-of-hours"]);
  });

  it("searches agencies' pages, ignoring accents and case", () => {
    const agencies: AgencyView[] = [
      {
        id: "school",
        name: "Schools",
        summary: "Every school has a DSL.",
        sections: [{ heading: "The law", text: "Section 175 of the Education Act 2002", sources: [] }],
        coming_in: [{ title: "Children's Wellbeing and Schools Act 2026", text: "Registers of children not in school.", sources: [] }],
      },
      { id: "police", name: "Police", summary: "Police protection powers.", sections: [], coming_in: [] },
    ];
    expect(searchAgencies(agencies, "section 175").map((a) => a.id)).toEqual(["school"]);
    expect(searchAgencies(agencies, "not in school").map((a) => a.id)).toEqual(["school"]); // what is coming in is searched too
    expect(searchAgencies(agencies, "POLÍCE").map((a) => a.id)).toEqual(["police"]);
    expect(searchAgencies(agencies, "").length).toBe(2);
  });
});

describe("the path", () => {
  const step = (node: string, kind: PathStep["kind"], fact: string | null, answer: string | null, label: string | null): PathStep => ({
    node,
    kind,
    title: node,
    fact,
    answer,
    answer_label: label,
  });

  it("groups a checklist's items and names the ticked ones", () => {
    const path = [
      step("immediate-danger", "question", "immediate_danger", "no", "No, not right now"),
      step("concerns", "checklist", "missing", "no", "no"),
      step("concerns", "checklist", "domestic_abuse", "yes", "yes"),
      step("act-inform-dsl", "action", null, null, null),
      step("needs", "checklist", "child_in_need", "no", "no"),
    ];
    expect(pathScreens(path, { domestic_abuse: "Domestic abuse" })).toEqual([
      { node: "immediate-danger", title: "immediate-danger", kind: "question", answers: ["No, not right now"] },
      { node: "concerns", title: "concerns", kind: "checklist", answers: ["Domestic abuse"] },
      { node: "needs", title: "needs", kind: "checklist", answers: ["None ticked"] },
    ]);
  });
});

describe("packs and contacts", () => {
  it("formats the engine's problems as file:line:column", () => {
    expect(formatDiagnostic({ file: "c.toml", line: 14, column: 9, rule: "not-drama-number", message: "bad", hint: "" })).toBe("c.toml:14:9: not-drama-number: bad");
  });
});

describe("records", () => {
  it("asks for a long enough passphrase typed the same twice", () => {
    expect(passphraseProblem("short", "short", 12)).toMatch(/at least 12 characters/);
    expect(passphraseProblem("purple elephant window", "purple elephant windwo", 12)).toMatch(/different/);
    expect(passphraseProblem("purple elephant window", "purple elephant window", 12)).toBe("");
    // Characters, not UTF-16 units: twelve emoji are twelve characters.
    expect(passphraseProblem("😀".repeat(11), "😀".repeat(11), 12)).not.toBe("");
  });

  it("names a record by number and reference only", () => {
    expect(recordTitle({ id: 3, reference: " NB-001 " })).toBe("Record 3: NB-001");
    expect(recordTitle({ id: 4, reference: "" })).toBe("Record 4");
  });

  it("labels an agency, or shows its id when unknown", () => {
    const agencies = [{ id: "school", label: "School or college" }];
    expect(agencyLabel(agencies, "school")).toBe("School or college");
    expect(agencyLabel(agencies, "martians")).toBe("martians");
  });

  it("warns when a reference looks like a name", () => {
    expect(looksLikeAName("Jane Smith")).toBe(true);
    expect(looksLikeAName("visit to Amy O'Neil")).toBe(true);
    expect(looksLikeAName("NB-2026-014")).toBe(false);
    expect(looksLikeAName("Year 5 class")).toBe(false);
  });
});
