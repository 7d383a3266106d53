/**
 * A lab step's `run` string as dcctl arguments, split as a POSIX shell splits words (issue 13):
 * blanks separate words; '...' is literal; "..." keeps blanks, and a backslash there escapes only
 * $ ` " \ and a newline; a backslash outside quotes escapes the next character. Nothing is
 * expanded and nothing reaches a shell (no globs, variables, pipes or redirections; ${name} is
 * the lab's own substitution, done before the split).
 */
export type SplitWords = { ok: true; words: string[] } | { ok: false; error: string };

export function splitWords(text: string): SplitWords {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return { ok: false, error: `unterminated ' quote at character ${i + 1}` };
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '$`"\\\n'.includes(text[j + 1]!)) word += text[++j];
        else word += text[j];
      }
      if (j >= text.length) return { ok: false, error: `unterminated " quote at character ${i + 1}` };
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { ok: false, error: 'a backslash at the end escapes nothing' };
      word += text[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}
