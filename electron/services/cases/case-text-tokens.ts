/**
 * Tokens for the case full-text index (FTS4 in sql.js has no CJK tokenizer and no FTS5 trigram).
 * Chinese has no spaces, so a run of CJK (any non-ASCII letter or digit) is indexed as its
 * overlapping character bigrams, plus the run's last character alone: every character of a run
 * then starts some token, which is what a one-character query (a prefix query) needs. ASCII
 * letters and digits form words (external numbers, house numbers, "A12").
 * The output is the tokens joined by spaces, for FTS4's "simple" tokenizer to split again.
 */

type Run = { kind: 'cjk' | 'word'; text: string };

/** NFKC folds full-width digits and letters (１２３４５, Ａ) into ASCII, as people type both. */
function runs(text: string): Run[] {
  const out: Run[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(/([a-z0-9]+)|([^\p{ASCII}\p{P}\p{S}\p{Z}\p{C}]+)/gu)) {
    if (match[1]) out.push({ kind: 'word', text: match[1] });
    else out.push({ kind: 'cjk', text: match[2]! });
  }
  return out;
}

/** The document side: the text of one case as FTS4 tokens. */
export function indexTokens(...texts: (string | null | undefined)[]): string {
  const tokens: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const run of runs(text)) {
      if (run.kind === 'word') {
        tokens.push(run.text);
        continue;
      }
      const chars = [...run.text];
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
      tokens.push(chars[chars.length - 1]!);
    }
  }
  return tokens.join(' ');
}

/**
 * The query side: an FTS4 MATCH expression, or undefined when the text has nothing searchable.
 * Each CJK run of two or more characters becomes a phrase of its bigrams (consecutive positions,
 * so it matches exactly that substring); a single character and the last ASCII word become prefix
 * queries (a number typed in part still finds its case). All parts must match (implicit AND).
 */
export function matchExpression(query: string): string | undefined {
  const parts: string[] = [];
  const all = runs(query);
  all.forEach((run, index) => {
    if (run.kind === 'word') {
      parts.push(index === all.length - 1 ? `${run.text}*` : run.text);
      return;
    }
    const chars = [...run.text];
    if (chars.length === 1) {
      parts.push(`${chars[0]}*`);
      return;
    }
    const bigrams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i]! + chars[i + 1]!);
    parts.push(`"${bigrams.join(' ')}"`);
  });
  return parts.length ? parts.join(' ') : undefined;
}
