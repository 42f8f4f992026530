// Reports once the page has been painted: the next frame, then a task after it.
requestAnimationFrame(() => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => window.__TAURI_INTERNALS__.invoke("ready");
  ch.port2.postMessage(null);
});
