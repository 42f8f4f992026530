// The Packs screen's signed packs (Svelte 5 runes): the kept versions and trusted keys,
// the pack file being checked (what changed, then Accept or Cancel), the key being
// confirmed, and the last refusal. Changes of the packs in use go through
// `app.loadPack`, which ends a walk under way and refreshes the rest of the app.

import { tick } from "svelte";
import { api, isAppError } from "./api";
import { app } from "./app.svelte";
import type { AppError } from "./bindings/AppError";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { KeyPreview } from "./bindings/KeyPreview";
import type { LibraryView } from "./bindings/LibraryView";
import type { PacksView } from "./bindings/PacksView";

/** Moves focus to an element once it is drawn (a new panel's heading), and scrolls it into view. */
export async function focusWhenShown(id: string): Promise<void> {
  await tick();
  const el = document.getElementById(id);
  el?.focus({ preventScroll: true });
  el?.scrollIntoView({ block: "start" });
}

function asError(e: unknown): AppError {
  return isAppError(e) ? e : { kind: "internal", message: e instanceof Error ? e.message : String(e) };
}

class SignedPacks {
  library = $state<LibraryView | null>(null);
  /** The pack file being checked, waiting for Accept or Cancel. */
  preview = $state<ImportPreview | null>(null);
  /** Why the last pack file was refused. */
  refusal = $state<AppError | null>(null);
  /** The key file being confirmed. */
  key = $state<KeyPreview | null>(null);
  keyProblem = $state<AppError | null>(null);
  /** The key id that signed a refused pack: the key to look for. */
  wantedKey = $state<string | null>(null);
  busy = $state(false);

  async refresh(): Promise<void> {
    try {
      this.library = await api.packLibrary();
    } catch (e) {
      this.refusal = asError(e);
    }
  }

  /** Checks a pack file: chosen in the shell's file picker, typed, or (null) the last one offered. */
  async check(how: "choose" | "path" | "again", path = ""): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.refusal = null;
    this.preview = null;
    try {
      const preview = how === "choose" ? await api.packImportChoose() : await api.packImportFile(how === "again" ? null : path);
      if (!preview) return;
      this.preview = preview;
      this.wantedKey = null;
      await focusWhenShown("pack-preview-heading");
    } catch (e) {
      this.refusal = asError(e);
      if (this.refusal.kind === "untrusted-key") this.wantedKey = this.refusal.key_id;
      await focusWhenShown("pack-refusal-heading");
    } finally {
      this.busy = false;
    }
  }

  async accept(): Promise<boolean> {
    const preview = this.preview;
    if (!preview) return false;
    const refusal = await app.loadPack(() => api.packImportAccept(preview.token), `${preview.name}, version ${preview.version}, is now in use`);
    this.preview = null;
    this.refusal = refusal;
    await this.refresh();
    await focusWhenShown(refusal ? "pack-refusal-heading" : "screen-heading");
    return !refusal;
  }

  async cancel(): Promise<void> {
    this.preview = null;
    await api.packImportCancel().catch(() => {});
    app.announce("The pack was not added");
    await focusWhenShown("pack-import-heading");
  }

  /** Uses a kept version: a version, "newest" or "built-in". */
  async useVersion(id: string, version: string, label: string): Promise<void> {
    await this.change(() => api.packUseVersion(id, version), label);
  }

  async chooseKey(how: "choose" | "path", path = ""): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.keyProblem = null;
    this.key = null;
    try {
      const key = how === "choose" ? await api.trustKeyChoose() : await api.trustKeyFile(path);
      if (!key) return;
      this.key = key;
      await focusWhenShown("key-check-heading");
    } catch (e) {
      this.keyProblem = asError(e);
      await focusWhenShown("key-problem-heading");
    } finally {
      this.busy = false;
    }
  }

  async confirmKey(): Promise<void> {
    const key = this.key;
    if (!key) return;
    const problem = await app.loadPack(() => api.trustKeyConfirm(key.key.key_id), `Key ${key.key.key_id}, ${key.key.name}, is now trusted`);
    this.key = null;
    this.keyProblem = problem;
    const retry = !problem && this.wantedKey === key.key.key_id && this.refusal?.kind === "untrusted-key";
    await this.refresh();
    if (retry) {
      // The pack that needed this key: check it again at once.
      await this.check("again");
    } else {
      await focusWhenShown(problem ? "key-problem-heading" : "trusted-keys-heading");
    }
  }

  cancelKey(): void {
    this.key = null;
    void focusWhenShown("trust-heading");
  }

  async removeKey(keyId: string, name: string): Promise<void> {
    await this.change(() => api.trustKeyRemove(keyId), `Key ${keyId}, ${name}, is no longer trusted`);
  }

  private async change(run: () => Promise<PacksView>, announcement: string): Promise<void> {
    this.refusal = await app.loadPack(run, announcement);
    await this.refresh();
    if (this.refusal) await focusWhenShown("pack-refusal-heading");
  }
}

export const signedPacks = new SignedPacks();
