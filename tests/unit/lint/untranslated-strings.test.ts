// Everything a zh-CN user reads is Chinese: a zh string that is the English one (a key copied over
// untranslated) fails, and so does any Latin word in a zh string that is not a name the user knows
// as such (file formats, standards, coordinate systems, keys, statistical methods named beside their
// Chinese explanation). Adding a word here is a decision: it must be what a Chinese operator reads too.
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';

/** Names kept in Latin letters in Chinese UI text as well. */
const ALLOWED = new Set([
  // formats, files, encodings, units
  'GeoJSON', 'KML', 'Shapefile', 'zip', 'shp', 'dbf', 'prj', 'CSV', 'csv', 'xlsx', 'xls', 'txt', 'Excel', 'WPS', 'PDF', 'PNG',
  'MBTiles', 'PMTiles', 'UTF-8', 'GBK', 'MB', 'ID', 'URL', 'OSM',
  // coordinate systems and standards
  'WGS84', 'GPS', 'GCJ-02', 'GCJ02', 'BD-09', 'CGCS2000', 'EPSG', 'DB11', 'ISO', 'MM', 'DD', 'YYYY',
  // statistics named in their help text (with the Chinese explanation beside them)
  'PAI', 'PAI1', 'PAI5', 'PAI10', 'Gi*', 'Getis-Ord', 'FDR', 'Benjamini', 'Hochberg', 'Jenks', 'DBSCAN', 'Mann-Kendall', 'ArcGIS',
  // keys on the keyboard, the product, the Tianditu key parameter, a folder on disk
  'Esc', 'Enter', 'GridDesk', 'tk', 'quarantine',
]);

function leaves(messages: unknown, prefix = ''): [string, string][] {
  if (typeof messages === 'string') return [[prefix, messages]];
  if (messages && typeof messages === 'object') {
    return Object.entries(messages).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
  }
  return [];
}

/** Latin words of two letters or more, outside {placeholders}, that are not allowed names. */
function foreignWords(text: string): string[] {
  const words = text.replace(/\{[^}]*\}/g, ' ').match(/[A-Za-z][A-Za-z0-9]*(?:\*|(?:-[A-Za-z0-9]+)+)?/g) ?? [];
  return words.filter((w) => w.length > 1 && !ALLOWED.has(w));
}

/** zh keys whose text is the English text and has words a Chinese reader would have to translate. */
function untranslated(zh: unknown, english: unknown): string[] {
  const enText = new Map(leaves(english));
  return leaves(zh).filter(([key, text]) => enText.get(key) === text && foreignWords(text).length > 0).map(([key]) => key);
}

/** zh keys with a Latin word that is not an allowed name. */
function latinInZh(zh: unknown): string[] {
  return leaves(zh).flatMap(([key, text]) => foreignWords(text).map((w) => `${key}: ${w}`));
}

describe('untranslated UI strings', () => {
  it('finds a zh string left in English, and English words inside Chinese text', () => {
    const zh = { a: { choose: 'Choose File', pai: "PAI{'@'}5%", ok: '选择文件' }, b: '按 {name} 导入，遵守 Retry-After' };
    const english = { a: { choose: 'Choose File', pai: "PAI{'@'}5%", ok: 'Choose file' }, b: 'Import by {name}' };
    expect(untranslated(zh, english)).toEqual(['a.choose']);
    expect(latinInZh(zh)).toEqual(['a.choose: Choose', 'a.choose: File', 'b: Retry-After']);
  });

  it('has no zh-CN string that is its English text', () => {
    expect(leaves(zhCN).length).toBeGreaterThan(500);
    expect(untranslated(zhCN, en)).toEqual([]);
  });

  it('has no Latin word in zh-CN text beyond the allowed names', () => {
    expect(latinInZh(zhCN)).toEqual([]);
  });
});
