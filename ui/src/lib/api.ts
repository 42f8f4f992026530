// Typed calls of the app's Tauri commands. The types are generated from Rust (bindings/),
// the command names too (bindings/Command.ts, from src-tauri/src/command_list.rs); a
// Rust test (src-tauri/tests/config.rs) checks that every command is called here.

import { invoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { Boot } from "./bindings/Boot";
import type { ClockView } from "./bindings/ClockView";
import type { DiagnosticView } from "./bindings/DiagnosticView";
import type { Command } from "./bindings/Command";
import type { DirectoryView } from "./bindings/DirectoryView";
import type { PacksView } from "./bindings/PacksView";
import type { PassphraseStrength } from "./bindings/PassphraseStrength";
import type { RecordLine } from "./bindings/RecordLine";
import type { RecordsStatus } from "./bindings/RecordsStatus";
import type { RecordView } from "./bindings/RecordView";
import type { Settings } from "./bindings/Settings";
import type { UiTimings } from "./bindings/UiTimings";
import type { WalkView } from "./bindings/WalkView";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { KeyPreview } from "./bindings/KeyPreview";
import type { LibraryView } from "./bindings/LibraryView";
import type { FacilitatorView } from "./bindings/FacilitatorView";
import type { MapView } from "./bindings/MapView";
import type { RecordExport } from "./bindings/RecordExport";
import type { TrainingList } from "./bindings/TrainingList";
import type { TrainingRecordView } from "./bindings/TrainingRecordView";
import type { TrainingWalkView } from "./bindings/TrainingWalkView";

export type Answers = Record<string, string>;
/** How a record is exported: plain text or Markdown. */
export type ExportFormat = "text" | "markdown";
/** What kind of error the shell sent: "wrong-passphrase", "damaged-file", "locked", …. */
export type ErrorKind = AppError["kind"];

/** The one place the page calls the shell: only commands in the generated list. */
function call<T>(command: Command, args?: InvokeArgs): Promise<T> {
  return invoke<T>(command, args);
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e && typeof (e as { message: unknown }).message === "string";
}

/** The error's kind, when the shell sent one of its own. */
export function errorKind(e: unknown): ErrorKind | null {
  return isAppError(e) ? e.kind : null;
}

/** The engine's problems with a pack the shell refused (none for other errors). */
export function diagnosticsOf(e: AppError): DiagnosticView[] {
  return e.kind === "pack-invalid" ? e.diagnostics : [];
}

/** A sentence for people, whatever went wrong. */
export function errorMessage(e: unknown): string {
  if (isAppError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export const api = {
  boot: () => call<Boot>("boot"),
  saveSettings: (settings: Settings) => call<Settings>("save_settings", { settings }),
  clock: () => call<ClockView>("clock"),
  walkStart: (outOfHours: boolean) => call<WalkView>("walk_start", { outOfHours }),
  walkCurrent: () => call<WalkView | null>("walk_current"),
  walkAnswer: (answers: Answers) => call<WalkView>("walk_answer", { answers }),
  walkBack: () => call<WalkView>("walk_back"),
  walkBackTo: (node: string) => call<WalkView>("walk_back_to", { node }),
  walkDiscard: () => call<void>("walk_discard"),
  directory: () => call<DirectoryView>("directory"),
  packs: () => call<PacksView>("packs"),
  loadLocalPack: (dir: string) => call<PacksView>("load_local_pack", { dir }),
  chooseLocalPack: () => call<PacksView | null>("choose_local_pack"),
  removeLocalPack: () => call<PacksView>("remove_local_pack"),
  appReady: (ui: UiTimings) => call<void>("app_ready", { ui }),

  // Records. `active`: the practitioner did something since the last call (idle lock).
  recordsStatus: (active: boolean) => call<RecordsStatus>("records_status", { active }),
  recordsCreate: (passphrase: string) => call<RecordsStatus>("records_create", { passphrase }),
  recordsUnlock: (passphrase: string) => call<RecordsStatus>("records_unlock", { passphrase }),
  recordsLock: () => call<RecordsStatus>("records_lock"),
  passphraseStrength: (passphrase: string) => call<PassphraseStrength>("passphrase_strength", { passphrase }),
  recordsSave: (reference: string, notes: string, ticks: Record<string, boolean>) => call<number>("records_save", { reference, notes, ticks }),
  recordsList: (query: string) => call<RecordLine[]>("records_list", { query }),
  recordsGet: (id: number) => call<RecordView>("records_get", { id }),
  recordsAmend: (id: number, text: string) => call<RecordView>("records_amend", { id, text }),
  recordsTick: (id: number, outcome: string, ticked: boolean) => call<RecordView>("records_tick", { id, outcome, ticked }),
  recordsReferral: (id: number, date: string, to: string) => call<RecordView>("records_referral", { id, date, to }),
  recordsExport: (id: number, format: ExportFormat) => call<string>("records_export", { id, format }),
  recordsExportFile: (id: number, format: ExportFormat) => call<string | null>("records_export_file", { id, format }),
  recordsChangePassphrase: (current: string, next: string) => call<void>("records_change_passphrase", { current, new: next }),
  recordsDue: () => call<RecordLine[]>("records_due"),
  recordsPurge: (ids: number[]) => call<number>("records_purge", { ids }),

  // Training: its own walk at the scenario's clock (never a case record), the map, the training record.
  trainingList: () => call<TrainingList>("training_list"),
  trainingStart: (id: string) => call<TrainingWalkView>("training_start", { id }),
  trainingCurrent: () => call<TrainingWalkView | null>("training_current"),
  trainingAnswer: (answers: Answers) => call<TrainingWalkView>("training_answer", { answers }),
  trainingBack: () => call<TrainingWalkView>("training_back"),
  trainingDiscard: () => call<void>("training_discard"),
  trainingMap: (routes: boolean) => call<MapView>("training_map", { routes }),
  trainingFacilitator: (id: string) => call<FacilitatorView>("training_facilitator", { id }),
  trainingRecord: () => call<TrainingRecordView>("training_record"),
  trainingExport: (format: RecordExport, holder: string) => call<string>("training_export", { format, holder }),
  trainingExportFile: (format: RecordExport, holder: string) => call<string | null>("training_export_file", { format, holder }),

  // Signed packs: kept versions and trusted keys; a bundle previewed (what changed), then
  // accepted or cancelled; a version chosen; a publisher's key trusted. The file pickers
  // open in the shell (`…_choose`); `…_file` takes a typed path.
  packLibrary: () => call<LibraryView>("pack_library"),
  packImportChoose: () => call<ImportPreview | null>("pack_import_choose"),
  packImportFile: (path: string | null) => call<ImportPreview>("pack_import_file", { path }),
  packImportAccept: (token: number) => call<PacksView>("pack_import_accept", { token }),
  packImportCancel: () => call<void>("pack_import_cancel"),
  packUseVersion: (id: string, version: string) => call<PacksView>("pack_use_version", { id, version }),
  trustKeyChoose: () => call<KeyPreview | null>("trust_key_choose"),
  trustKeyFile: (path: string) => call<KeyPreview>("trust_key_file", { path }),
  trustKeyConfirm: (keyId: string) => call<PacksView>("trust_key_confirm", { keyId }),
  trustKeyRemove: (keyId: string) => call<PacksView>("trust_key_remove", { keyId }),
};
