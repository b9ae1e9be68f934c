import { CaseStatus, Crs, Satisfaction } from '../../contract';
import { PreparedRow } from './prepared-row';

/** Column counts: text (externalNo, title, description, address, reporterName, reporterPhone), numbers, ids (+ rowNo), named grid. */
const TEXTS = 6;
const NUMBERS = 7;
const IDS = 7;
const NAMED = 3;
const STATUSES = CaseStatus.options;
const SATISFACTIONS = Satisfaction.options;
const CRSES = Crs.options;
const ARENA_CHUNK = 16 * 2 ** 20;
const NULL_ID = -1;
const F_WARNED = 1;
const F_REFUSED = 2;
const F_CHANGED = 4;
const F_NAMED = 8;
const STATUS_CODE = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<CaseStatus, number>;
const SATISFACTION_CODE = Object.fromEntries(SATISFACTIONS.map((s, i) => [s, i])) as Record<Satisfaction, number>;
const CRS_CODE = Object.fromEntries(CRSES.map((s, i) => [s, i])) as Record<Crs, number>;

function num(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

function id(v: number): number | null {
  return v === NULL_ID ? null : v;
}

/**
 * The prepared rows of an import, packed outside the JavaScript heap: numbers in typed-array
 * columns, text as UTF-8 in 16 MB buffers. A million PreparedRow objects with their strings took
 * over a gigabyte of heap, and every garbage collection had to walk them (most of the time of a
 * 1M-row import went to the collector); packed they take about a fifth and cost the collector nothing.
 * Rows are read into and written back from a PreparedRow the caller reuses.
 */
export class RowStore {
  private size = 0;
  private capacity = 0;
  private numbers: Float64Array[] = Array.from({ length: NUMBERS }, () => new Float64Array(0));
  private ids: Int32Array[] = Array.from({ length: IDS }, () => new Int32Array(0));
  private named: Int32Array[] = Array.from({ length: NAMED }, () => new Int32Array(0));
  /** Per row and string field: arena chunk × 2^24 + offset (−1 for null), and byte length. */
  private textAt: Float64Array[] = Array.from({ length: TEXTS }, () => new Float64Array(0));
  private textLength: Int32Array[] = Array.from({ length: TEXTS }, () => new Int32Array(0));
  private codes = new Uint8Array(0); // status | satisfaction << 4
  private crs = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private readonly arena: Buffer[] = [];
  private arenaUsed = ARENA_CHUNK;

  get length(): number {
    return this.size;
  }

  push(row: PreparedRow): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.putText(0, i, row.externalNo);
    this.putText(1, i, row.title);
    this.putText(2, i, row.description);
    this.putText(3, i, row.address);
    this.putText(4, i, row.reporterName);
    this.putText(5, i, row.reporterPhone);
    this.write(i, row);
  }

  /** Fills `into` with row `i` (a new object when none is given); without `text` the text fields are left as they are. */
  read(i: number, into?: PreparedRow, text = true): PreparedRow {
    // Field by field on purpose: a loop over field names made every access a slow keyed one (3 passes × 1M rows).
    const row = into ?? new PreparedRow(0);
    if (text) {
      row.externalNo = this.getText(0, i);
      row.title = this.getText(1, i) ?? '';
      row.description = this.getText(2, i);
      row.address = this.getText(3, i);
      row.reporterName = this.getText(4, i);
      row.reporterPhone = this.getText(5, i);
    }
    const [sourceLng, sourceLat, lng, lat, receivedAt, closedAt, handlingDueAt] = this.numbers as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    row.sourceLng = num(sourceLng[i]!);
    row.sourceLat = num(sourceLat[i]!);
    row.lng = num(lng[i]!);
    row.lat = num(lat[i]!);
    row.receivedAt = num(receivedAt[i]!) ?? 0;
    row.closedAt = num(closedAt[i]!);
    row.handlingDueAt = num(handlingDueAt[i]!);
    const [gridId, communityId, streetId, categoryId, departmentId, existingId, rowNo] = this.ids as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
    row.gridId = id(gridId[i]!);
    row.communityId = id(communityId[i]!);
    row.streetId = id(streetId[i]!);
    row.categoryId = id(categoryId[i]!);
    row.departmentId = id(departmentId[i]!);
    row.existingId = id(existingId[i]!);
    row.rowNo = rowNo[i]!;
    const code = this.codes[i]!;
    row.status = STATUSES[code & 15]!;
    row.satisfaction = code >> 4 ? SATISFACTIONS[(code >> 4) - 1]! : null;
    row.sourceCrs = CRSES[this.crs[i]!]!;
    const flags = this.flags[i]!;
    row.warned = (flags & F_WARNED) !== 0;
    row.refused = (flags & F_REFUSED) !== 0;
    row.changed = (flags & F_CHANGED) !== 0;
    row.namedGrid = flags & F_NAMED ? { gridId: id(this.named[0]![i]!), communityId: id(this.named[1]![i]!), streetId: id(this.named[2]![i]!) } : null;
    return row;
  }

  externalNo(i: number): string | null {
    return this.getText(0, i);
  }

  /** Whether row `i` has an external number, without decoding it. */
  hasExternalNo(i: number): boolean {
    return this.textAt[0]![i]! >= 0;
  }

  /** Writes back everything but the text (which the later phases never change). */
  write(i: number, row: PreparedRow): void {
    const [sourceLng, sourceLat, lng, lat, receivedAt, closedAt, handlingDueAt] = this.numbers as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    sourceLng[i] = row.sourceLng ?? NaN;
    sourceLat[i] = row.sourceLat ?? NaN;
    lng[i] = row.lng ?? NaN;
    lat[i] = row.lat ?? NaN;
    receivedAt[i] = row.receivedAt;
    closedAt[i] = row.closedAt ?? NaN;
    handlingDueAt[i] = row.handlingDueAt ?? NaN;
    const [gridId, communityId, streetId, categoryId, departmentId, existingId, rowNo] = this.ids as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
    gridId[i] = row.gridId ?? NULL_ID;
    communityId[i] = row.communityId ?? NULL_ID;
    streetId[i] = row.streetId ?? NULL_ID;
    categoryId[i] = row.categoryId ?? NULL_ID;
    departmentId[i] = row.departmentId ?? NULL_ID;
    existingId[i] = row.existingId ?? NULL_ID;
    rowNo[i] = row.rowNo;
    this.codes[i] = STATUS_CODE[row.status] | ((row.satisfaction ? SATISFACTION_CODE[row.satisfaction] + 1 : 0) << 4);
    this.crs[i] = CRS_CODE[row.sourceCrs];
    this.flags[i] = (row.warned ? F_WARNED : 0) | (row.refused ? F_REFUSED : 0) | (row.changed ? F_CHANGED : 0) | (row.namedGrid ? F_NAMED : 0);
    this.named[0]![i] = row.namedGrid?.gridId ?? NULL_ID;
    this.named[1]![i] = row.namedGrid?.communityId ?? NULL_ID;
    this.named[2]![i] = row.namedGrid?.streetId ?? NULL_ID;
  }

  /** Lets go of everything (after the commit). */
  clear(): void {
    this.size = this.capacity = 0;
    this.numbers = this.numbers.map(() => new Float64Array(0));
    this.ids = this.ids.map(() => new Int32Array(0));
    this.named = this.named.map(() => new Int32Array(0));
    this.textAt = this.textAt.map(() => new Float64Array(0));
    this.textLength = this.textLength.map(() => new Int32Array(0));
    this.codes = this.crs = this.flags = new Uint8Array(0);
    this.arena.length = 0;
    this.arenaUsed = ARENA_CHUNK;
  }

  private putText(k: number, i: number, text: string | null): void {
    if (text === null) {
      this.textAt[k]![i] = -1;
      return;
    }
    // At most three bytes per UTF-16 unit: check room with the bound, then write the real length.
    const bound = text.length * 3;
    if (!this.arena.length || this.arenaUsed + bound > ARENA_CHUNK) {
      // A text larger than a chunk gets a chunk of its own, closed at once.
      this.arena.push(Buffer.allocUnsafe(Math.max(ARENA_CHUNK, bound)));
      this.arenaUsed = 0;
    }
    const chunk = this.arena.length - 1;
    const bytes = this.arena[chunk]!.write(text, this.arenaUsed, 'utf8');
    this.textAt[k]![i] = chunk * ARENA_CHUNK + this.arenaUsed;
    this.textLength[k]![i] = bytes;
    this.arenaUsed = bound > ARENA_CHUNK ? ARENA_CHUNK : this.arenaUsed + bytes;
  }

  private getText(k: number, i: number): string | null {
    const at = this.textAt[k]![i]!;
    if (at < 0) return null;
    const chunk = Math.floor(at / ARENA_CHUNK);
    const offset = at - chunk * ARENA_CHUNK;
    return this.arena[chunk]!.toString('utf8', offset, offset + this.textLength[k]![i]!);
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.numbers = this.numbers.map((a) => widen(a, (n) => new Float64Array(n)));
    this.ids = this.ids.map((a) => widen(a, (n) => new Int32Array(n)));
    this.named = this.named.map((a) => widen(a, (n) => new Int32Array(n)));
    this.textAt = this.textAt.map((a) => widen(a, (n) => new Float64Array(n)));
    this.textLength = this.textLength.map((a) => widen(a, (n) => new Int32Array(n)));
    this.codes = widen(this.codes, (n) => new Uint8Array(n));
    this.crs = widen(this.crs, (n) => new Uint8Array(n));
    this.flags = widen(this.flags, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
