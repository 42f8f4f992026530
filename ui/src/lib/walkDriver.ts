// What the walk screens (Walk.svelte, Emergency.svelte) drive: the practitioner's walk
// (the app's state) by default, or another walk a screen provides through the context,
// as Training does with its own walk (at the scenario's clock, never saved as a record).

import { getContext, setContext } from "svelte";
import type { Answers } from "./api";
import { app, type View } from "./app.svelte";
import type { OutcomeView } from "./bindings/OutcomeView";
import type { Settings } from "./bindings/Settings";
import type { WalkView } from "./bindings/WalkView";

export interface WalkDriver {
  readonly walk: WalkView | null;
  /** Emergency outcomes to show before the next screen (999, police protection). */
  readonly emergency: OutcomeView[];
  readonly settings: Settings | null;
  /** "walk" while the walk's screens are on screen: the walk's keys act only then. */
  readonly view: string;
  answer(answers: Answers): Promise<void>;
  back(): Promise<void>;
  backTo(node: string): Promise<void>;
  continueAfterEmergency(): Promise<void>;
  startAgain(): Promise<void>;
  go(view: View): Promise<void>;
}

const KEY = Symbol("walk-driver");

/** Called by a screen that shows the walk screens for a walk of its own. */
export function provideWalkDriver(driver: WalkDriver): void {
  setContext(KEY, driver);
}

/** The walk the walk screens show: the one provided, else the practitioner's. */
export function walkDriver(): WalkDriver {
  return getContext<WalkDriver | undefined>(KEY) ?? app;
}
