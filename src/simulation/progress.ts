/** A one-line progress bar on stderr for a person at a terminal: done / total, ETA. Throttled. */
export function progressBar(label: (done: number, total: number) => string): { update(done: number, total: number): void; clear(): void } {
  const started = performance.now();
  let last = 0;
  return {
    update(done, total) {
      const now = performance.now();
      if (now - last < 80 && done < total) return;
      last = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const elapsed = (now - started) / 1000;
      const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
      process.stderr.write(`\r${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${label(done, total)}  ETA ${eta.toFixed(1)} s `);
    },
    clear() {
      process.stderr.write('\r\u001B[2K');
    },
  };
}
