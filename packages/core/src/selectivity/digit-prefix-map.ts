/**
 * A map from digit prefixes (tariff chapters, headings, subheadings, national lines) to values,
 * built for the question asked on every goods item: which stored prefixes does this tariff
 * line start with? A trie of one node per digit answers it with a dozen dependent memory reads
 * per line; this map keeps one hash table per prefix length, keyed by the prefix read as an
 * integer, so a line costs one lookup per length actually stored (typically 4, 6 and 8 digits)
 * and no string is allocated.
 */

/** The longest prefix read as an integer key; longer prefixes are keyed by their text. */
const maxNumericLength = 9;

export class DigitPrefixMap<T> {
  /** The stored prefix lengths, ascending. */
  private lengths: number[] = [];
  /** Index = prefix length (1 to 9): the values by prefix read as an integer. */
  private readonly numeric: (Map<number, T> | undefined)[] = [];
  /** Prefixes longer than 9 digits, by their text. */
  private readonly textual = new Map<string, T>();

  /** Stores a value for a prefix of 1 or more digits (validated by the caller). */
  set(prefix: string, value: T): void {
    if (!this.lengths.includes(prefix.length)) {
      this.lengths = [...this.lengths, prefix.length].sort((a, b) => a - b);
    }
    if (prefix.length > maxNumericLength) {
      this.textual.set(prefix, value);
      return;
    }
    const table = this.numeric[prefix.length] ?? new Map<number, T>();
    this.numeric[prefix.length] = table;
    table.set(Number(prefix), value);
  }

  /**
   * Fills `out` with the values of the stored prefixes of `code`, shortest first, and returns
   * how many (at most one per length, so at most the length of `code`). Stops at the first
   * character that is not a digit. Allocates nothing: it is on the hot path of assessment.
   */
  prefixesOf(code: string, out: T[]): number {
    const lengths = this.lengths;
    let next = 0;
    let key = 0;
    let count = 0;
    for (let position = 0; position < code.length && next < lengths.length; position += 1) {
      const digit = code.charCodeAt(position) - 48;
      if (digit < 0 || digit > 9) break;
      key = key * 10 + digit;
      const length = position + 1;
      if (length !== lengths[next]) continue;
      next += 1;
      const value =
        length > maxNumericLength ? this.textual.get(code.slice(0, length)) : this.numeric[length]?.get(key);
      if (value !== undefined) {
        out[count] = value;
        count += 1;
      }
    }
    return count;
  }
}
