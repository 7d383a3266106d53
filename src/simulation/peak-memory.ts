import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process, in MiB. On Linux from /proc/self/status (VmHWM, the
 * high-water mark of this process's own memory): getrusage's maxRSS also counts what the parent
 * held when it forked us, so a large parent (a bench, a test runner) would inflate it.
 */
export function peakMemoryMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS / 1024;
}
