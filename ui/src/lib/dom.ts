// Small browser helpers: copying, timing screen changes, waiting for a paint.

/** Resolves after the next frame has been painted. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve();
      ch.port2.postMessage(null);
    });
  });
}

export interface ScreenChange {
  label: string;
  /** From the key press or click to the new screen painted. */
  ms: number;
  /** Of which: until the shell answered and the state took it (IPC and the engine; Svelte
   * builds much of the new screen's DOM as the state changes, so that is counted here). */
  data_ms: number;
  /** Then the rest of the DOM update, and moving focus to the new heading. */
  render_ms: number;
  /** The rest: style, layout and paint, until the next frame is drawn. */
  paint_ms: number;
}

declare global {
  interface Window {
    /** Read by the end-to-end test: how long each screen change took, and when the app was ready. */
    __pathways?: { screenChanges: ScreenChange[]; ready: boolean };
    /** The first screen's data, put in the page by the shell before any script runs. */
    __PATHWAYS_BOOT__?: import("./bindings/Boot").Boot;
  }
}

/** Keeps one screen change's time, split at the moments its data came and its DOM was built. */
export function recordScreenChange(label: string, started: number, dataAt: number, renderedAt: number): void {
  const paintedAt = performance.now();
  window.__pathways ??= { screenChanges: [], ready: false };
  window.__pathways.screenChanges.push({ label, ms: paintedAt - started, data_ms: dataAt - started, render_ms: renderedAt - dataAt, paint_ms: paintedAt - renderedAt });
}

/** Copies text to the clipboard; falls back to a hidden text area where the API is missing. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.append(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}
