/**
 * Counts exact (lng, lat) pairs with open addressing over typed arrays. A Map keyed by
 * "lng,lat" strings made a million short strings and a million map entries per import.
 */
export class PointCounter {
  private xs: Float64Array;
  private ys: Float64Array;
  private counts: Int32Array;
  private mask: number;
  private used = 0;
  private readonly bits = new Float64Array(1);
  private readonly words = new Int32Array(this.bits.buffer);

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.counts = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  add(x: number, y: number): void {
    if (this.used * 2 >= this.counts.length) this.rehash();
    const slot = this.find(x, y);
    if (this.counts[slot] === 0) {
      this.xs[slot] = x;
      this.ys[slot] = y;
      this.used++;
    }
    this.counts[slot]!++;
  }

  count(x: number, y: number): number {
    return this.counts[this.find(x, y)]!;
  }

  /** Every point counted at least `min` times. */
  atLeast(min: number): { x: number; y: number; count: number }[] {
    const out: { x: number; y: number; count: number }[] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]! >= min) out.push({ x: this.xs[i]!, y: this.ys[i]!, count: this.counts[i]! });
    return out;
  }

  private find(x: number, y: number): number {
    let slot = this.hash(x, y) & this.mask;
    while (this.counts[slot] !== 0 && (this.xs[slot] !== x || this.ys[slot] !== y)) slot = (slot + 1) & this.mask;
    return slot;
  }

  private hash(x: number, y: number): number {
    this.bits[0] = x;
    let h = Math.imul(this.words[0]! ^ this.words[1]!, 0x9e3779b1);
    this.bits[0] = y;
    h = Math.imul(h ^ this.words[0]! ^ (this.words[1]! << 7), 0x85ebca6b);
    return (h ^ (h >>> 15)) >>> 0;
  }

  private rehash(): void {
    const { xs, ys, counts } = this;
    this.xs = new Float64Array(counts.length * 2);
    this.ys = new Float64Array(counts.length * 2);
    this.counts = new Int32Array(counts.length * 2);
    this.mask = this.counts.length - 1;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 0) continue;
      const slot = this.find(xs[i]!, ys[i]!);
      this.xs[slot] = xs[i]!;
      this.ys[slot] = ys[i]!;
      this.counts[slot] = counts[i]!;
    }
  }
}
