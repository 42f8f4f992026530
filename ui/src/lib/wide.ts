// Training and the map use the window's width: `html[data-wide]` (training.css) while a
// screen that calls this is shown (counted, as the map is shown inside Training). An
// attribute, not `main:has(…)`, which WebKit re-checks as the map's elements go in.

import { onDestroy } from "svelte";

let users = 0;

export function useWideMain(): void {
  users += 1;
  document.documentElement.dataset.wide = "";
  onDestroy(() => {
    users -= 1;
    if (users === 0) delete document.documentElement.dataset.wide;
  });
}
