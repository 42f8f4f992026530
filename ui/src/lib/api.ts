// Typed calls of the app's Tauri commands. The types are generated from Rust (bindings/).

import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { Boot } from "./bindings/Boot";
import type { ClockView } from "./bindings/ClockView";
import type { DirectoryView } from "./bindings/DirectoryView";
import type { PacksView } from "./bindings/PacksView";
import type { Settings } from "./bindings/Settings";
import type { UiTimings } from "./bindings/UiTimings";
import type { WalkView } from "./bindings/WalkView";

export type Answers = Record<string, string>;

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
};
