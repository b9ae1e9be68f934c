import type { ImportCaseField as CaseField } from '../../contract/import';
import { detectDateFormat } from './dates';
import { parsePoint } from './point-text';
import type { RegionMatcher } from './region-matcher';
import { isEmptyMarker, statusFromWord } from './value-words';

/** What the values of one column look like, from the first rows of the file. */
interface Profile {
  column: number;
  header: string;
  values: string[];
  fill: number;
  distinct: number;
  numbers: number[];
  avgLength: number;
  dateFormat: string | null;
}

const ADDRESS = /(?:\d+[^\d\n]{0,30}\b(?:st|street|ave|avenue|rd|road|blvd|dr|drive|pl|place|sq|ct|way|ln|lane|hwy|pkwy|ter)\b|\bintersection\b|[路街道巷弄胡同]\S{0,12}\d+号|\d+号(?:院|楼)|小区|[区县市]\S{1,20}[路街巷])/i;
const GENERATED = /^(?:列\d+|column\d+|unnamed: ?\d+|)$/i;

export interface ContentLookups {
  regions?: RegionMatcher;
  categoryNames?: Set<string>;
  departmentNames?: Set<string>;
}

/**
 * Suggestions from what the columns hold, for the fields their headers did not name: dates,
 * latitudes and longitudes (and a lat/lng pair mapped the wrong way round), a point written as
 * text, a unique id, statuses, region names, short category lists, addresses and long free text.
 * A row-index column (empty header, 0, 1, 2…) is what it is: nobody's ticket number.
 */
export function suggestFromContent(
  headers: string[],
  rows: string[][],
  byHeaders: (headers: string[]) => Partial<Record<CaseField, string>>,
  lookups: ContentLookups = {},
): Partial<Record<CaseField, string>> {
  const profiles = headers.map((header, column) => profile(header, column, rows));
  // A column whose header says "location" but which holds "(42.35, -71.08)" is a point, not an
  // address; a row index is nothing: neither is offered to the header words.
  const points = new Set(profiles.filter((p) => isPointText(p)).map((p) => p.header));
  const ignored = new Set(profiles.filter((p) => isRowIndex(p)).map((p) => p.header));
  const result = byHeaders(headers.map((h) => (points.has(h) || ignored.has(h) ? '' : h)));
  for (const [field, header] of Object.entries(result) as [CaseField, string][]) {
    const p = profiles.find((x) => x.header === header);
    // A "date" column none of whose first values reads as a date is not one.
    if (p && (field === 'receivedAt' || field === 'closedAt' || field === 'handlingDueAt') && p.fill > 0 && p.dateFormat === null) delete result[field];
  }
  const taken = new Set([...Object.values(result), ...ignored]);
  const free = () => profiles.filter((p) => !taken.has(p.header) && p.fill > 0 && !isRowIndex(p));
  const assign = (field: CaseField, p: Profile | undefined) => {
    if (!p || result[field] !== undefined) return;
    result[field] = p.header;
    taken.add(p.header);
  };

  // A mapped latitude column whose values are beyond ±90 while the longitude's are not: swapped.
  const [latP, lngP] = [profiles.find((p) => p.header === result.lat), profiles.find((p) => p.header === result.lng)];
  if (latP && lngP && share(latP.numbers, (v) => Math.abs(v) > 90) > 0.5 && share(lngP.numbers, (v) => Math.abs(v) <= 90) > 0.9) {
    [result.lat, result.lng] = [lngP.header, latP.header];
  }

  // Dates: the fullest is the received time; of the others, the one filled where the row is closed.
  const dates = free().filter((p) => p.dateFormat !== null).sort((a, b) => b.fill - a.fill || a.column - b.column);
  if (result.receivedAt === undefined) assign('receivedAt', dates.shift());
  for (const p of dates.filter((d) => d.header !== result.receivedAt)) {
    if (result.closedAt === undefined) assign('closedAt', p);
    else assign('handlingDueAt', p);
  }

  // Coordinates: decimal numbers inside a city's extent (spread under 5°).
  if (result.lat === undefined || result.lng === undefined) {
    const coords = free().filter((p) => p.numbers.length >= p.fill * p.values.length * 0.9 && p.numbers.length > 0 && isCoordinate(p.numbers));
    if (coords.length >= 2) {
      const [a, b] = coords as [Profile, Profile];
      const [lat, lng] = latFirst(a.numbers, b.numbers) ? [a, b] : [b, a];
      assign('lat', lat);
      assign('lng', lng);
    }
  }
  assign('point', free().find((p) => points.has(p.header)));

  for (const p of free()) {
    if (share(p.values, (v) => statusFromWord(v) !== null) > 0.8) assign('status', p);
  }
  const regionLevel = (value: string) => (lookups.regions ? lookups.regions.match({ grid: value }).gridId ?? lookups.regions.match({ community: value }).communityId ?? lookups.regions.match({ street: value }).streetId : null);
  if (lookups.regions?.size) {
    const named = free().find((p) => p.numbers.length === 0 && share(p.values, (v) => regionLevel(v) !== null) > 0.6);
    if (named) {
      const v = named.values.find((x) => regionLevel(x) !== null)!;
      const level = lookups.regions.match({ grid: v }).gridId !== null ? 'grid' : lookups.regions.match({ community: v }).communityId !== null ? 'community' : 'street';
      assign(level, named);
    }
  }
  if (lookups.departmentNames?.size) assign('department', free().find((p) => share(p.values, (v) => lookups.departmentNames!.has(v.toLowerCase())) > 0.6));
  if (lookups.categoryNames?.size) assign('category', free().find((p) => share(p.values, (v) => lookups.categoryNames!.has(v.toLowerCase())) > 0.6));

  // A unique id: every row filled, no repeats, short, not a date, not a running row number.
  // Of several, the longest: ticket numbers are long, running numbers short.
  const ids = free().filter((p) => p.fill > 0.95 && p.distinct === p.values.length && p.avgLength <= 40 && p.dateFormat === null && !/\s/.test(p.values[0] ?? ' '));
  assign('externalNo', ids.sort((a, b) => b.avgLength - a.avgLength || a.column - b.column)[0]);
  assign('address', free().filter((p) => p.numbers.length === 0 && share(p.values, (v) => ADDRESS.test(v)) > 0.5).sort((a, b) => b.distinct - a.distinct)[0]);
  // Long free text is the description; short lists of words are categories, the longest-worded a title.
  const texts = free().filter((p) => p.numbers.length < p.values.length * 0.5 && p.dateFormat === null);
  assign('description', texts.filter((p) => p.avgLength >= 30 && p.distinct >= p.values.length * 0.3).sort((a, b) => b.avgLength - a.avgLength)[0]);
  const lists = texts.filter((p) => p.fill > 0.8 && p.distinct >= 2 && p.distinct <= Math.max(3, p.values.length * 0.5) && p.avgLength >= 2 && p.avgLength < 60 && share(p.values, (v) => /\d/.test(v)) < 0.5);
  // More kinds is more likely the category (a status or a channel has a handful); ties: the left one.
  // Two such lists where the richer one is also wordier: the richer is the title, the other the category.
  const byKinds = [...lists].sort((a, b) => b.distinct - a.distinct || a.column - b.column);
  // A title and its category often read the same ("Pothole Repair" / "Pothole Repair"): of two
  // lists equal on many rows, the one with more kinds is the title, the other the category.
  const same = (a: Profile, b: Profile) => share(rows, (r) => !!r[a.column]?.trim() && r[a.column]!.trim() === r[b.column]?.trim());
  let pair: [Profile, Profile] | undefined;
  let best = 0.3;
  for (const a of byKinds) for (const b of byKinds) if (a.distinct > b.distinct && same(a, b) > best) [pair, best] = [[a, b], same(a, b)];
  if (pair && result.title === undefined && result.category === undefined) {
    assign('title', pair[0]);
    assign('category', pair[1]);
  } else assign('category', byKinds.find((p) => p.header !== result.title));
  // The category known (by its header), the title is a richer list that often reads the same.
  const category = profiles.find((p) => p.header === result.category);
  if (category) assign('title', byKinds.find((p) => p.distinct > category.distinct && same(p, category) > 0.3));
  return result;
}

function profile(header: string, column: number, rows: string[][]): Profile {
  const values: string[] = [];
  for (const row of rows) {
    const v = (row[column] ?? '').trim();
    if (v && !isEmptyMarker(v)) values.push(v);
  }
  const numbers = values.map(Number).filter((n) => Number.isFinite(n));
  const avgLength = values.length ? values.reduce((s, v) => s + v.length, 0) / values.length : 0;
  return {
    column, header, values, fill: rows.length ? values.length / rows.length : 0, distinct: new Set(values).size, numbers, avgLength,
    // Bare numbers are dates only as Excel serials of 1982–2064; ids and zip codes are not.
    dateFormat: numbers.length === values.length && !numbers.every((n) => n >= 30_000 && n <= 60_000) ? null : detectDateFormat(values),
  };
}

function isPointText(p: Profile): boolean {
  return p.values.length > 0 && share(p.values, (v) => /[\s,，]/.test(v) && parsePoint(v) !== null) > 0.8;
}

/** An unnamed column of whole numbers, all different: the index a statistics tool wrote (consecutive if its name is generated). */
function isRowIndex(p: Profile): boolean {
  if (!GENERATED.test(p.header.trim()) || p.numbers.length !== p.values.length || p.values.length < 2) return false;
  if (!p.numbers.every((n) => Number.isInteger(n))) return false;
  if (/^列\d+$/.test(p.header) && p.distinct === p.values.length) return true; // the header cell was empty
  for (let i = 1; i < p.numbers.length; i++) if (p.numbers[i]! - p.numbers[i - 1]! !== 1) return false;
  return true;
}

function isCoordinate(numbers: number[]): boolean {
  const decimals = share(numbers, (v) => !Number.isInteger(v));
  let min = Infinity;
  let max = -Infinity;
  for (const v of numbers) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return decimals > 0.8 && min >= -180 && max <= 180 && max - min < 5 && !(min === 0 && max === 0);
}

/** Whether the first of two coordinate columns is the latitude. */
function latFirst(a: number[], b: number[]): boolean {
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const [ma, mb] = [mean(a), mean(b)];
  if (Math.abs(ma) > 90 !== Math.abs(mb) > 90) return Math.abs(mb) > 90;
  // Both within ±90: the Americas (north, west) have a positive latitude and a negative longitude;
  // elsewhere in the north the latitude is usually the larger number (Europe), else keep the file's order.
  if (Math.sign(ma) !== Math.sign(mb)) return ma > 0;
  return Math.abs(ma) >= Math.abs(mb);
}

function share<T>(values: T[], test: (v: T) => boolean): number {
  if (!values.length) return 0;
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n / values.length;
}
