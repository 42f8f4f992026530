// Typed calls of the app's Tauri commands. The types are generated from Rust (bindings/).

import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { Boot } from "./bindings/Boot";
import type { ClockView } from "./bindings/ClockView";
import type { DirectoryView } from "./bindings/DirectoryView";
import type { PacksView } from "./bindings/PacksView";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { RecordLine } from "./bindings/RecordLine";
import type { RecordsStatus } from "./bindings/RecordsStatus";
import type { RecordView } from "./bindings/RecordView";
import type { Settings } from "./bindings/Settings";
import type { UiTimings } from "./bindings/UiTimings";
import type { WalkView } from "./bindings/WalkView";

export type Answers = Record<string, string>;
/** How a record is exported: plain text or Markdown. */
export type ExportFormat = "text" | "markdown";

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e && "diagnostics" in e;
}

/** A sentence for people, whatever went wrong. */
export function errorMessage(e: unknown): string {
  if (isAppError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export const api = {
  boot: () => invoke<Boot>("boot"),
  saveSettings: (settings: Settings) => invoke<Settings>("save_settings", { settings }),
  clock: () => invoke<ClockView>("clock"),
  walkStart: (outOfHours: boolean) => invoke<WalkView>("walk_start", { outOfHours }),
  walkCurrent: () => invoke<WalkView | null>("walk_current"),
  walkAnswer: (answers: Answers) => invoke<WalkView>("walk_answer", { answers }),
  walkBack: () => invoke<WalkView>("walk_back"),
  walkBackTo: (node: string) => invoke<WalkView>("walk_back_to", { node }),
  walkDiscard: () => invoke<void>("walk_discard"),
  directory: () => invoke<DirectoryView>("directory"),
  packs: () => invoke<PacksView>("packs"),
  loadLocalPack: (dir: string) => invoke<PacksView>("load_local_pack", { dir }),
  chooseLocalPack: () => invoke<PacksView | null>("choose_local_pack"),
  removeLocalPack: () => invoke<PacksView>("remove_local_pack"),
  appReady: (ui: UiTimings) => invoke<void>("app_ready", { ui }),

  // Records. `active`: the practitioner did something since the last call (idle lock).
  recordsStatus: (active: boolean) => invoke<RecordsStatus>("records_status", { active }),
  recordsCreate: (passphrase: string) => invoke<RecordsStatus>("records_create", { passphrase }),
  recordsUnlock: (passphrase: string) => invoke<RecordsStatus>("records_unlock", { passphrase }),
  recordsLock: () => invoke<RecordsStatus>("records_lock"),
  passphraseStrength: (passphrase: string) => invoke<PassphraseStrength>("passphrase_strength", { passphrase }),
  recordsSave: (reference: string, notes: string, ticks: Record<string, boolean>) => invoke<number>("records_save", { reference, notes, ticks }),
  recordsList: (query: string) => invoke<RecordLine[]>("records_list", { query }),
  recordsGet: (id: number) => invoke<RecordView>("records_get", { id }),
  recordsAmend: (id: number, text: string) => invoke<RecordView>("records_amend", { id, text }),
  recordsTick: (id: number, outcome: string, ticked: boolean) => invoke<RecordView>("records_tick", { id, outcome, ticked }),
  recordsReferral: (id: number, date: string, to: string) => invoke<RecordView>("records_referral", { id, date, to }),
  recordsExport: (id: number, format: ExportFormat) => invoke<string>("records_export", { id, format }),
  recordsExportFile: (id: number, format: ExportFormat) => invoke<string | null>("records_export_file", { id, format }),
  recordsChangePassphrase: (current: string, next: string) => invoke<void>("records_change_passphrase", { current, new: next }),
  recordsDue: () => invoke<RecordLine[]>("records_due"),
  recordsPurge: (ids: number[]) => invoke<number>("records_purge", { ids }),
};
