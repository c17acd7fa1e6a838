// Splits a command line as a POSIX shell would for the simple lines the README and the CLI's examples use:
// words, "double" and 'single' quotes. No variables, globs or escapes inside quotes.
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote} in: ${line}`);
  if (word !== null) words.push(word);
  return words;
}
