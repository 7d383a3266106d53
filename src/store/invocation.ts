/**
 * Which command line is writing, for the event log: the store stamps it on the first event each
 * command records (a hands-on lab's report lists the commands a student ran from these). Commands
 * a lab runs in-process (its steps, checks, counterfactuals) are marked `by: 'lab'`.
 */
let labDepth = 0;

export async function asLabCommand<T>(work: () => Promise<T>): Promise<T> {
  labDepth++;
  try {
    return await work();
  } finally {
    labDepth--;
  }
}

export const runByLab = (): boolean => labDepth > 0;

/** The words of a command as a person would retype them: its id, then its argv without --json and --state-dir. */
export function commandLine(id: string, argv: readonly string[]): string {
  const words: string[] = id.split(/[: ]/);
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--json') continue;
    if (word === '--state-dir') {
      i++;
      continue;
    }
    if (word.startsWith('--state-dir=')) continue;
    words.push(/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
  }
  return words.join(' ');
}
