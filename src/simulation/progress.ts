import { safeText } from '../render/terminal.js';

/**
 * A one-line progress display on stderr for a person at a terminal: a status while a run is being
 * prepared (traces read or generated, VMs placed), then a bar with done / total and ETA. Throttled.
 */
export interface Progress {
  status(text: string): void;
  update(done: number, total: number): void;
  clear(): void;
}

export function progressBar(label: (done: number, total: number) => string): Progress {
  let started = performance.now();
  let last = 0;
  let barShown = false;
  return {
    status(text) {
      process.stderr.write(`\r\u001B[2K${safeText(text)} ...`);
    },
    update(done, total) {
      const now = performance.now();
      if (!barShown) {
        barShown = true;
        started = now;
      }
      if (now - last < 80 && done < total) return;
      last = now;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const elapsed = (now - started) / 1000;
      const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
      process.stderr.write(`\r\u001B[2K${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${label(done, total)}  ETA ${eta.toFixed(1)} s`);
    },
    clear() {
      process.stderr.write('\r\u001B[2K');
    },
  };
}
