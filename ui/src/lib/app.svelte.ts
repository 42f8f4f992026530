// The app's state (Svelte 5 runes) and the actions that change it. Every change of
// screen is timed (dom.recordScreenChange) and moves focus to the new screen's heading.

import { tick } from "svelte";
import { api, errorKind, errorMessage, isAppError, type Answers } from "./api";
import type { AppError } from "./bindings/AppError";
import type { Boot } from "./bindings/Boot";
import type { ClockView } from "./bindings/ClockView";
import type { DirectoryView } from "./bindings/DirectoryView";
import type { OutcomeView } from "./bindings/OutcomeView";
import type { PacksView } from "./bindings/PacksView";
import type { RecordsStatus } from "./bindings/RecordsStatus";
import type { Settings } from "./bindings/Settings";
import type { WalkView } from "./bindings/WalkView";
import { afterPaint, recordScreenChange } from "./dom";
import { newEmergencies } from "./logic";

/** The shell's error when the records file cannot be read. */
export type DamagedFile = Extract<AppError, { kind: "damaged-file" }>;

export type View = "start" | "walk" | "records" | "directory" | "roles" | "training" | "pathway" | "packs" | "settings";

export const VIEWS: { id: View; label: string }[] = [
  { id: "start", label: "Start" },
  { id: "walk", label: "Current walk" },
  { id: "records", label: "Records" },
  { id: "directory", label: "Directory" },
  { id: "roles", label: "Roles and responsibilities" },
  { id: "training", label: "Training" },
  { id: "pathway", label: "How the pathway works" },
  { id: "packs", label: "Packs" },
  { id: "settings", label: "Settings" },
];

/** What a view loads before it is shown, set by the view's own module (training, the map). */
export const viewLoaders: Partial<Record<View, () => Promise<void>>> = {};

class AppState {
  boot = $state<Boot | null>(null);
  settings = $state<Settings | null>(null);
  packs = $state<PacksView | null>(null);
  clock = $state<ClockView | null>(null);
  view = $state<View>("start");
  walk = $state<WalkView | null>(null);
  /** Emergency outcomes to show before the next screen (999, police protection). */
  emergency = $state<OutcomeView[]>([]);
  /** Ticked actions on the outcome screen, by outcome id. */
  ticks = $state<Record<string, boolean>>({});
  directory = $state<DirectoryView | null>(null);
  /** A problem to show at the top of the screen. */
  error = $state<string | null>(null);
  /** The saved local pack failed at start. */
  startupProblem = $state<AppError | null>(null);
  /** The records file: there or not, locked or open. */
  records = $state<RecordsStatus | null>(null);
  /** The records file cannot be read (damaged, or not a records file): what the shell said. */
  recordsDamaged = $state<DamagedFile | null>(null);
  /** The record the Records screen opens on (from "Open it in Records"). */
  recordToOpen = $state<number | null>(null);
  /** Said politely to screen readers: "Copied", "Saved". */
  announcement = $state("");
  busy = false;

  /** Takes the first screen's data that the shell put in the page, if any (not after a reload). */
  initFromPage(): boolean {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const injected = navigation?.type === "reload" ? undefined : window.__PATHWAYS_BOOT__;
    delete window.__PATHWAYS_BOOT__;
    if (injected) this.apply(injected);
    return !!injected;
  }

  async init(): Promise<void> {
    if (!this.boot) this.apply(await api.boot());
  }

  private apply(boot: Boot): void {
    this.boot = boot;
    this.settings = boot.settings;
    this.packs = boot.packs;
    this.clock = boot.clock;
    this.walk = boot.walk;
    this.startupProblem = boot.startup_problem;
    applyTheme(boot.settings.theme);
    if (boot.walk) this.view = "walk";
  }

  get firstRun(): boolean {
    return !this.settings?.agency;
  }

  announce(text: string): void {
    // Clear first, so saying the same thing twice is still heard.
    this.announcement = "";
    queueMicrotask(() => (this.announcement = text));
  }

  /** Runs one change of screen: times it, shows errors, and moves focus to the heading. */
  async change(label: string, fn: () => Promise<void>, focus = true): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const started = performance.now();
    this.error = null;
    try {
      await fn();
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = false;
    }
    const dataAt = performance.now();
    await tick();
    if (focus) {
      // A new screen starts at its top; focus goes to its heading, so screen readers announce it.
      window.scrollTo(0, 0);
      document.getElementById("screen-heading")?.focus({ preventScroll: true });
    }
    const renderedAt = performance.now();
    await afterPaint();
    recordScreenChange(`${label}>${this.screenName()}`, started, dataAt, renderedAt);
  }

  /** What is on screen now, for the timing labels: a view, or the walk's screen kind. */
  private screenName(): string {
    if (this.view !== "walk") return this.view;
    if (this.emergency.length > 0) return "emergency";
    return this.walk?.screen.screen.kind ?? "none";
  }

  go(view: View): Promise<void> {
    return this.change(`go:${view}`, async () => {
      if (view === "walk" && !this.walk) this.walk = await api.walkCurrent();
      if (view === "start") this.clock = await api.clock();
      if ((view === "directory" || view === "roles") && !this.directory) this.directory = await api.directory();
      if (view === "packs") this.packs = await api.packs();
      if (view === "records") await this.refreshRecords(true);
      await viewLoaders[view]?.();
      this.view = view;
    });
  }

  start(outOfHours: boolean): Promise<void> {
    return this.change("walk:start", async () => {
      this.walk = await api.walkStart(outOfHours);
      this.emergency = [];
      this.ticks = {};
      this.view = "walk";
    });
  }

  answer(answers: Answers): Promise<void> {
    return this.change("walk:answer", async () => {
      const before = this.walk?.result.outcomes.map((o) => o.id) ?? [];
      const next = await api.walkAnswer(answers);
      this.emergency = newEmergencies(before, next.result.outcomes, this.boot?.first_outcomes ?? []);
      this.walk = next;
    });
  }

  back(): Promise<void> {
    return this.change("walk:back", async () => {
      this.emergency = [];
      this.walk = await api.walkBack();
    });
  }

  backTo(node: string): Promise<void> {
    return this.change("walk:back-to", async () => {
      this.emergency = [];
      this.walk = await api.walkBackTo(node);
    });
  }

  continueAfterEmergency(): Promise<void> {
    return this.change("walk:after-emergency", async () => {
      this.emergency = [];
    });
  }

  startAgain(): Promise<void> {
    return this.change("walk:discard", async () => {
      await api.walkDiscard();
      this.walk = null;
      this.emergency = [];
      this.ticks = {};
      this.clock = await api.clock();
      this.view = "start";
    });
  }

  async saveSettings(next: Settings, goStart = false): Promise<boolean> {
    let ok = false;
    await this.change(
      "settings:save",
      async () => {
        const authoring = this.settings?.authoring;
        this.settings = await api.saveSettings(next);
        applyTheme(this.settings.theme);
        this.directory = null;
        ok = true;
        if (this.settings.authoring !== authoring) {
          // Authoring mode on or off: an unsigned pack, if one is set, loaded or left.
          const packs = await api.packs();
          const key = (p: PacksView | null) => p?.packs.map((x) => `${x.info.id}@${x.info.version}:${x.source.kind}`).join() ?? "";
          const changed = key(packs) !== key(this.packs);
          this.packs = packs;
          if (changed) this.afterPacksChanged();
        }
        this.announce("Settings saved");
        if (goStart) {
          this.clock = await api.clock();
          this.view = "start";
        }
      },
      goStart,
    );
    return ok;
  }

  /**
   * Loads a local pack (or changes the packs: a signed pack accepted, a version chosen, a
   * key trusted); returns the refusal, if any (the previous packs stay).
   */
  async loadPack(load: () => Promise<PacksView | null>, announcement = "Local pack loaded"): Promise<AppError | null> {
    let refusal: AppError | null = null;
    await this.change(
      "packs:load",
      async () => {
        try {
          const packs = await load();
          if (packs) {
            this.packs = packs;
            this.afterPacksChanged();
            this.announce(announcement);
          }
        } catch (e) {
          if (isAppError(e)) refusal = e;
          else throw e;
        }
      },
      false,
    );
    return refusal;
  }

  async removePack(): Promise<void> {
    await this.change(
      "packs:remove",
      async () => {
        this.packs = await api.removeLocalPack();
        this.afterPacksChanged();
        this.announce("Local pack removed");
      },
      false,
    );
  }

  // ---------------------------------------------------------------- records

  /** Asks whether the records are there and open (and whether they locked while idle). */
  async refreshRecords(active: boolean): Promise<void> {
    this.setRecords(await api.recordsStatus(active));
  }

  /** Takes a new status; says so when the records locked themselves. */
  setRecords(status: RecordsStatus): void {
    if (this.records?.unlocked && !status.unlocked) {
      this.announce("Your records are locked");
    }
    this.records = status;
    idleWatch.follow(status.unlocked);
  }

  /**
   * Acts on a records command's error by its kind, and returns the sentence to show
   * where it happened: `locked` puts the passphrase form back (the records locked
   * themselves); `damaged-file` shows the screen that says the file cannot be read
   * and what to do; anything unexpected asks the shell whether the records are open.
   */
  async recordsFailed(e: unknown): Promise<string> {
    const kind = errorKind(e);
    if (kind === "damaged-file") {
      this.recordsDamaged = e as DamagedFile;
    } else if (kind === "locked" && this.records) {
      this.setRecords({ ...this.records, unlocked: false });
    } else if (kind === null || kind === "internal" || kind === "records") {
      await this.refreshRecords(false).catch(() => {});
    }
    return errorMessage(e);
  }

  async lockRecords(): Promise<void> {
    this.setRecords(await api.recordsLock());
  }

  private afterPacksChanged(): void {
    // The engine ends a walk under way when the contacts change.
    this.walk = null;
    this.emergency = [];
    this.directory = null;
    this.startupProblem = null;
    void api.clock().then((c) => (this.clock = c));
  }
}

export function applyTheme(theme: Settings["theme"]): void {
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/**
 * While the records are open, tells the shell every few seconds whether the
 * practitioner did anything, so the idle lock counts from their last key press or
 * click, and learns at once when it locked (the shell locks on its own, too).
 */
class IdleWatch {
  private timer: ReturnType<typeof setInterval> | null = null;
  private active = false;
  private readonly mark = () => (this.active = true);

  follow(unlocked: boolean): void {
    if (unlocked && !this.timer) {
      for (const type of ["keydown", "pointerdown", "wheel"]) window.addEventListener(type, this.mark, { passive: true, capture: true });
      this.timer = setInterval(() => void this.beat(), IDLE_BEAT_MS);
    } else if (!unlocked && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      for (const type of ["keydown", "pointerdown", "wheel"]) window.removeEventListener(type, this.mark, { capture: true });
    }
  }

  private async beat(): Promise<void> {
    const active = this.active;
    this.active = false;
    try {
      app.setRecords(await api.recordsStatus(active));
    } catch {
      // The next beat tries again; the shell's own timer locks regardless.
    }
  }
}

const IDLE_BEAT_MS = 5000;
const idleWatch = new IdleWatch();

export const app = new AppState();
