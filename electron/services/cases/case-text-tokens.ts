/**
 * Tokens for the case full-text index (FTS4 in sql.js has no CJK tokenizer and no FTS5 trigram).
 * Chinese has no spaces, so a run of CJK (any non-ASCII letter or digit) is indexed as its
 * overlapping character bigrams, plus the run's last character alone: every character of a run
 * then starts some token, which is what a one-character query (a prefix query) needs; the table's
 * FTS4 prefix index of 3 bytes (one CJK character, migration 006) makes that query one list read
 * instead of a merge of every bigram starting with the character. ASCII letters and digits form
 * words (external numbers, house numbers, "A12"); each word's first one and two characters are
 * also indexed, marked so they never equal a word, as a one- or two-character prefix query would
 * otherwise merge the lists of thousands of numbers (three characters: the prefix index).
 * The output is the tokens joined by spaces, for FTS4's "simple" tokenizer to split again.
 */

type Run = { kind: 'cjk' | 'word'; text: string };

/** Word prefixes up to this length are marked tokens; the prefix index serves the next length. */
const MARKED_PREFIX_MAX = 2;
/**
 * Marks a word-prefix token: punctuation, which runs() never lets into a token or a query, and
 * which FTS4's simple tokenizer keeps inside a token (like any non-ASCII character).
 */
const PREFIX_MARK = '§';

/** NFKC folds full-width digits and letters (１２３４５, Ａ) into ASCII, as people type both. */
function runs(text: string): Run[] {
  const out: Run[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(/([a-z0-9]+)|([^\p{ASCII}\p{P}\p{S}\p{Z}\p{C}]+)/gu)) {
    if (match[1]) out.push({ kind: 'word', text: match[1] });
    else out.push({ kind: 'cjk', text: match[2]! });
  }
  return out;
}

function bigrams(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * The document side: the text of one case as FTS4 tokens. Only a term's presence and adjacency
 * inside a run matter to a search, so repeats are left out (the description often repeats the
 * title and address): a CJK run contained in another run of the case, a word or prefix seen before.
 */
export function indexTokens(...texts: (string | null | undefined)[]): string {
  const all = texts.flatMap((text) => (text ? runs(text) : []));
  const cjk = [...new Set(all.filter((run) => run.kind === 'cjk').map((run) => run.text))];
  const contained = new Set(cjk.filter((run) => cjk.some((other) => other !== run && other.includes(run))));
  const tokens: string[] = [];
  const seen = new Set<string>();
  const once = (token: string) => {
    if (!seen.has(token)) tokens.push(token);
    seen.add(token);
  };
  for (const run of all) {
    if (run.kind === 'word') {
      once(run.text);
      for (let n = 1; n <= Math.min(MARKED_PREFIX_MAX, run.text.length); n++) once(PREFIX_MARK + run.text.slice(0, n));
      continue;
    }
    if (contained.has(run.text) || seen.has(`\u0000${run.text}`)) continue;
    seen.add(`\u0000${run.text}`);
    const chars = [...run.text];
    // The last character also keeps this run apart from the next: a phrase never spans two runs.
    tokens.push(...bigrams(chars), chars[chars.length - 1]!);
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
      if (index < all.length - 1) parts.push(run.text);
      else parts.push(run.text.length <= MARKED_PREFIX_MAX ? PREFIX_MARK + run.text : `${run.text}*`);
      return;
    }
    const chars = [...run.text];
    parts.push(chars.length === 1 ? `${chars[0]}*` : `"${bigrams(chars).join(' ')}"`);
  });
  return parts.length ? parts.join(' ') : undefined;
}
