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
  ms: number;
}

declare global {
  interface Window {
    /** Read by the end-to-end test: how long each screen change took, and when the app was ready. */
    __pathways?: { screenChanges: ScreenChange[]; ready: boolean };
    /** The first screen's data, put in the page by the shell before any script runs. */
    __PATHWAYS_BOOT__?: import("./bindings/Boot").Boot;
  }
}

export function recordScreenChange(label: string, started: number): void {
  const ms = performance.now() - started;
  window.__pathways ??= { screenChanges: [], ready: false };
  window.__pathways.screenChanges.push({ label, ms });
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
