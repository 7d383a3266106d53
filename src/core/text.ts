/** Small text helpers for messages: did-you-mean suggestions and plurals. */

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The closest known word, if it is close enough to be a typo. */
export function closest(input: string, known: readonly string[]): string | undefined {
  if (input.length > 100) return undefined; // no word that long is a typo of a known one
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const word of known) {
    const distance = word.toLowerCase() === lower ? 0 : editDistance(lower, word.toLowerCase());
    if (distance < bestDistance) {
      best = word;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

export function didYouMean(input: string, known: readonly string[]): string {
  const near = closest(input, known);
  if (near) return `did you mean "${near}"?`;
  if (known.length === 0) return 'none are defined';
  const list = known.slice(0, 8).join(', ');
  return `known: ${list}${known.length > 8 ? `, ... (${known.length} in all)` : ''}`;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
