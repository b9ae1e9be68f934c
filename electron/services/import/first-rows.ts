/**
 * The first row number each external number (工单编号) appeared on, for duplicate_in_file.
 * Hotline numbers are mostly plain digits: those up to 15 digits without a leading zero are exact
 * as doubles and go into an open-addressing table over typed arrays; a Map of a million strings
 * cost a cache miss and a hash of a string view per row, and a million heap entries to collect.
 * Anything else (letters, leading zeros, longer) goes into a Map by its text.
 */
export class FirstRows {
  private keys: Float64Array;
  private rowNos: Int32Array;
  private mask: number;
  private used = 0;
  private readonly texts = new Map<string, number>();
  private readonly bits = new Float64Array(1);
  private readonly words = new Int32Array(this.bits.buffer);

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.rowNos = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The row the key was first seen on, or undefined after recording `rowNo` (≥ 1) as its first. */
  firstOrAdd(key: string, rowNo: number): number | undefined {
    const number = plainNumber(key);
    if (number < 0) {
      const first = this.texts.get(key);
      // A flat copy as the key: the cell is a view into its 1 MB chunk of the file, and a million
      // kept views would keep the whole decoded file in memory.
      if (first === undefined) this.texts.set((' ' + key).slice(1), rowNo);
      return first;
    }
    if (this.used * 2 >= this.rowNos.length) this.rehash();
    const slot = this.find(number);
    if (this.rowNos[slot] !== 0) return this.rowNos[slot];
    this.keys[slot] = number;
    this.rowNos[slot] = rowNo;
    this.used++;
    return undefined;
  }

  private find(key: number): number {
    this.bits[0] = key;
    // Whole numbers leave the low bits of a double's mantissa zero: mix every bit into the slot (murmur3's finaliser).
    let h = this.words[0]! ^ Math.imul(this.words[1]!, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    let slot = (h ^ (h >>> 16)) & this.mask;
    while (this.rowNos[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    return slot;
  }

  private rehash(): void {
    const [keys, rowNos] = [this.keys, this.rowNos];
    this.keys = new Float64Array(keys.length * 2);
    this.rowNos = new Int32Array(rowNos.length * 2);
    this.mask = this.rowNos.length - 1;
    for (let i = 0; i < rowNos.length; i++) {
      if (rowNos[i] === 0) continue;
      const slot = this.find(keys[i]!);
      this.keys[slot] = keys[i]!;
      this.rowNos[slot] = rowNos[i]!;
    }
  }
}

/** The key as a number when it is plain digits that a double holds exactly and prints back the same; else -1. */
function plainNumber(key: string): number {
  const n = key.length;
  if (n === 0 || n > 15 || (key.charCodeAt(0) === 48 && n > 1)) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const digit = key.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
