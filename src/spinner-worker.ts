/**
 * The spinner's own thread. Planners run synchronously on the main thread and block its event
 * loop, so a spinner animated there freezes; this worker runs ora on its own loop and writes each
 * frame straight to file descriptor 2 (a synchronous write from this thread, not through the main
 * thread's process.stderr). It stops when told to, clears its line, and says so through `done`.
 */
import { writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';

const { text, done } = workerData as { text: string; done: SharedArrayBuffer };
const signal = new Int32Array(done);
const stderr = Object.assign(new Writable({
  write(chunk: Buffer | string, _encoding, callback) {
    try {
      writeSync(2, Buffer.from(chunk));
    } catch {
      // the terminal went away: nothing to draw on
    }
    callback();
  },
}), { isTTY: true, columns: Number(process.env.COLUMNS) || 80, clearLine: () => true, cursorTo: () => true, moveCursor: () => true });

const { default: ora } = await import('ora');
const spinner = ora({ text, stream: stderr as unknown as NodeJS.WriteStream, color: 'cyan', isEnabled: true, discardStdin: false, hideCursor: false }).start();
parentPort!.once('message', () => {
  spinner.stop();
  writeSync(2, '\r\u001B[2K');
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
  process.exit(0);
});
