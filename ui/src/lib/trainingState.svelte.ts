// Training's state (Svelte 5 runes) and the actions that change it. Each change of
// screen goes through `app.change`, so it is timed, shows its errors and moves focus
// to the new heading like every other. The training walk is the shell's own (at the
// scenario's clock, never a case record); this state drives the walk screens for it
// (it is a `WalkDriver`), and shows the debrief where the outcome screen would be.

import { api, errorMessage, type Answers } from "./api";
import { app, viewLoaders, type View } from "./app.svelte";
import type { FacilitatorView } from "./bindings/FacilitatorView";
import type { MapView } from "./bindings/MapView";
import type { OutcomeView } from "./bindings/OutcomeView";
import type { RecordExport } from "./bindings/RecordExport";
import type { Routes } from "./bindings/Routes";
import type { TrainingList } from "./bindings/TrainingList";
import type { TrainingRecordView } from "./bindings/TrainingRecordView";
import type { TrainingWalkView } from "./bindings/TrainingWalkView";
import type { WalkView } from "./bindings/WalkView";
import { copyText } from "./dom";
import { newEmergencies } from "./logic";
import { filterScenarios, NO_FILTERS, type ScenarioFilters } from "./training";
import type { WalkDriver } from "./walkDriver";

export type TrainingScreen = "list" | "walk" | "debrief" | "map" | "record" | "certificate" | "facilitator";

class TrainingState implements WalkDriver {
  list = $state<TrainingList | null>(null);
  filters = $state<ScenarioFilters>({ ...NO_FILTERS });
  screen = $state<TrainingScreen>("list");
  /** The training walk: under way, or finished with its debrief. */
  current = $state<TrainingWalkView | null>(null);
  emergency = $state<OutcomeView[]>([]);
  /** The map shown in training (with the routes), and where "Back" from it goes. */
  map = $state<MapView | null>(null);
  mapFrom = $state<TrainingScreen>("debrief");
  /** The map of "How the pathway works" (no routes). */
  plainMap = $state<MapView | null>(null);
  record = $state<TrainingRecordView | null>(null);
  /** The name on the certificate and the Markdown (kept only while the app runs). */
  holder = $state("");
  certificate = $state<string | null>(null);
  facilitator = $state<FacilitatorView | null>(null);
  stage = $state(0);
  revealed = $state(false);
  /** A sentence after an export: where it was saved, or why not. */
  exported = $state<string | null>(null);

  get visible() {
    return this.list ? filterScenarios(this.list.scenarios, this.filters) : [];
  }

  // -------------------------------------------------------------- the walk screens' driver

  get walk(): WalkView | null {
    return this.current?.walk ?? null;
  }
  get settings() {
    return app.settings;
  }
  /** "walk" while the training walk's screens are shown, so the walk's keys act. */
  get view(): string {
    return app.view === "training" && this.screen === "walk" && !this.current?.debrief ? "walk" : "training";
  }
  get routes(): Routes | null {
    return this.current?.debrief?.debrief.routes ?? null;
  }

  answer(answers: Answers): Promise<void> {
    return app.change("training:answer", async () => {
      const before = this.current?.walk.result.outcomes.map((o) => o.id) ?? [];
      const next = await api.trainingAnswer(answers);
      this.current = next;
      if (next.debrief) {
        this.emergency = [];
        this.screen = "debrief";
      } else {
        this.emergency = newEmergencies(before, next.walk.result.outcomes, app.boot?.first_outcomes ?? []);
      }
    });
  }

  back(): Promise<void> {
    return app.change("training:back", async () => {
      this.emergency = [];
      this.current = await api.trainingBack();
    });
  }

  /** Training's walk screens never offer "change this answer" (the outcome screen is not shown): back one screen. */
  backTo(): Promise<void> {
    return this.back();
  }

  continueAfterEmergency(): Promise<void> {
    return app.change("training:after-emergency", async () => {
      this.emergency = [];
    });
  }

  /** "Start again" on a walk screen, and "Try again" in the debrief: the same scenario afresh. */
  startAgain(): Promise<void> {
    const id = this.current?.scenario.id;
    return id ? this.start(id) : this.toList();
  }

  go(view: View): Promise<void> {
    return app.go(view);
  }

  // -------------------------------------------------------------- actions

  /** Loads the list (as the Training view is shown): it says which are completed. After
   * a reload of the page, a training walk the shell still holds is taken up again. */
  async open(): Promise<void> {
    this.list = await api.trainingList();
    if (!this.current) {
      const current = await api.trainingCurrent();
      if (current) {
        this.current = current;
        this.screen = current.debrief ? "debrief" : "walk";
      }
    }
  }

  start(id: string): Promise<void> {
    return app.change("training:start", async () => {
      this.current = await api.trainingStart(id);
      this.emergency = [];
      this.screen = "walk";
    });
  }

  toList(): Promise<void> {
    return app.change("training:list", async () => {
      if (this.current && !this.current.debrief) await api.trainingDiscard();
      if (this.current && !this.current.debrief) this.current = null;
      this.emergency = [];
      this.facilitator = null;
      this.list = await api.trainingList();
      this.screen = "list";
    });
  }

  toDebrief(): Promise<void> {
    return app.change("training:debrief", async () => {
      this.screen = "debrief";
    });
  }

  /** The map with the trainee's and the expected routes (from the debrief). */
  showMap(): Promise<void> {
    return app.change("training:map", async () => {
      this.map = await api.trainingMap(true);
      this.mapFrom = this.screen;
      this.screen = "map";
    });
  }

  backFromMap(): Promise<void> {
    return app.change("training:map-back", async () => {
      this.screen = this.mapFrom;
    });
  }

  /** Loads the map of "How the pathway works" (as that view is shown): the packs in use
   * may have changed; the shell keeps the map of the packs it last drew. */
  async openPlainMap(): Promise<void> {
    this.plainMap = await api.trainingMap(false);
  }

  openRecord(): Promise<void> {
    return app.change("training:record", async () => {
      this.record = await api.trainingRecord();
      this.exported = null;
      this.screen = "record";
    });
  }

  showCertificate(): Promise<void> {
    return app.change("training:certificate", async () => {
      this.certificate = await api.trainingExport("certificate", this.holder);
      this.exported = null;
      this.screen = "certificate";
    });
  }

  /** Saves the record as Markdown or the certificate as a page, where the trainee chooses (a dialog of the shell's). */
  async exportFile(format: RecordExport): Promise<void> {
    this.exported = null;
    try {
      const path = await api.trainingExportFile(format, this.holder);
      this.exported = path ? `Saved to ${path}` : "Not saved: no place was chosen.";
    } catch (e) {
      this.exported = errorMessage(e);
    }
    app.announce(this.exported);
  }

  async copyMarkdown(): Promise<boolean> {
    try {
      const ok = await copyText(await api.trainingExport("markdown", this.holder));
      app.announce(ok ? "Copied" : "Could not copy");
      return ok;
    } catch (e) {
      this.exported = errorMessage(e);
      return false;
    }
  }

  facilitate(id: string): Promise<void> {
    return app.change("training:facilitate", async () => {
      this.facilitator = await api.trainingFacilitator(id);
      this.stage = 0;
      this.revealed = false;
      this.screen = "facilitator";
    });
  }

  /** Shows the expected answers to the room; focus goes to their heading. */
  reveal(): Promise<void> {
    return app.change(
      "training:reveal",
      async () => {
        this.revealed = true;
      },
      false,
    ).then(() => document.getElementById("answers-heading")?.focus());
  }

  print(): void {
    window.print();
  }
}

export const training = new TrainingState();

viewLoaders.training = () => training.open();
viewLoaders.pathway = () => training.openPlainMap();
