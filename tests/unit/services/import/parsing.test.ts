import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter } from '../../../../electron/services/import/csv-parser';
import { ZoneOffsets, detectDateFormat, parseDate } from '../../../../electron/services/import/dates';
import { detectEncoding, textDecoder } from '../../../../electron/services/import/encoding';
import { detectHeaderRow, fillMerges, headerNames } from '../../../../electron/services/import/header-row';

const text = '工单编号,诉求内容,来电时间\r\nA1,"楼道里堆放杂物，""影响""通行\n请处理",2024/3/5 14:02\r\n';

describe('encoding detection', () => {
  it('tells UTF-8, UTF-8 with BOM, GBK and GB18030 apart', () => {
    expect(detectEncoding(Buffer.from(text, 'utf8'))).toBe('utf-8');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe('utf-8-bom');
    expect(detectEncoding(iconv.encode(text, 'gbk'))).toBe('gbk');
    // 𠮷 (U+20BB7) and € need GB18030's four-byte sequences; GBK cannot hold them.
    expect(detectEncoding(iconv.encode(`${text}𠮷`, 'gb18030'))).toBe('gb18030');
    expect(detectEncoding(iconv.encode(`\ufeff${text}`, 'utf-16le'))).toBe('utf-16le');
  });

  it('decodes a GBK stream split in the middle of a character', () => {
    const bytes = iconv.encode(text, 'gbk');
    const decoder = textDecoder('gbk');
    const out = decoder.write(bytes.subarray(0, 5)) + decoder.write(bytes.subarray(5)) + decoder.end();
    expect(out).toBe(text);
  });
});

describe('CSV parser', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, across any chunking', () => {
    const expected = [['工单编号', '诉求内容', '来电时间'], ['A1', '楼道里堆放杂物，"影响"通行\n请处理', '2024/3/5 14:02']];
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new CsvParser(',');
      const rows = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut)), ...parser.end()];
      expect(rows, `cut at ${cut}`).toEqual(expected);
    }
  });

  it('handles a last line without a line break, bare CR and blank lines', () => {
    const parser = new CsvParser(',');
    expect([...parser.push('a,b\r\rc,"d"\re,'), ...parser.end()]).toEqual([['a', 'b'], ['c', 'd'], ['e', '']]);
  });

  it('detects tab and semicolon delimiters', () => {
    expect(detectDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('a,b,"x;y"\n1,2,3')).toBe(',');
  });
});

describe('header row', () => {
  it('skips a merged title row and a note line', () => {
    const rows = [['2024年3月工单台账', '', '', ''], ['填表人：张三', '', '', ''], ['工单编号', '诉求内容', '经度', '纬度'], ['A1', '噪音', '116.4', '39.9']];
    fillMerges(rows, [{ s: { r: 0, c: 0 }, e: { r: 0, c: 3 } }], 0, 0);
    expect(rows[0]).toEqual(Array(4).fill('2024年3月工单台账'));
    expect(detectHeaderRow(rows)).toBe(2);
  });

  it('names blank header cells from a merged cell above and makes names unique', () => {
    const rows = [['位置', '位置', '时间'], ['经度', '纬度', ''], ['1', '2', '3']];
    expect(headerNames(rows, 1)).toEqual(['经度', '纬度', '时间']);
    expect(headerNames([['a', 'a', '']], 0)).toEqual(['a', 'a (2)', '列3']);
  });
});

describe('dates', () => {
  const shanghai = new ZoneOffsets('Asia/Shanghai');
  const ny = new ZoneOffsets('America/New_York');
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  it('reads each format in the file zone', () => {
    expect(iso(parseDate('2024/3/5 14:02', 'ymd', shanghai))).toBe('2024-03-05T06:02:00.000Z');
    expect(iso(parseDate('2024-03-05', 'ymd', shanghai))).toBe('2024-03-04T16:00:00.000Z');
    expect(iso(parseDate('2024年3月5日 14时02分', 'cn', shanghai))).toBe('2024-03-05T06:02:00.000Z');
    expect(iso(parseDate('2024年3月5日', 'cn', shanghai))).toBe('2024-03-04T16:00:00.000Z');
    // Excel serial 45356.5847222 is 2024-03-05 14:02 wall-clock.
    expect(iso(parseDate('45356.584722222', 'excel', shanghai))).toBe('2024-03-05T06:02:00.000Z');
    expect(iso(parseDate('01/05/2015 12:40:41 PM', 'mdy', ny))).toBe('2015-01-05T17:40:41.000Z');
    expect(iso(parseDate('07/05/2015 12:10:00 AM', 'mdy', ny))).toBe('2015-07-05T04:10:00.000Z'); // EDT, 12 AM is midnight
    expect(iso(parseDate('05/03/2024', 'dmy', shanghai))).toBe('2024-03-04T16:00:00.000Z');
  });

  it('converts every wall-clock time of a year, daylight-saving days included, as Intl says', () => {
    // The reference: of the zone's two offsets, the one whose instant reads back as the wall-clock time.
    const wall = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    const reads = (utc: number, local: number) => {
      const p = Object.fromEntries(wall.formatToParts(new Date(utc)).map((x) => [x.type, Number(x.value)]));
      return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) === local;
    };
    const fresh = new ZoneOffsets('America/New_York');
    let checked = 0;
    for (let local = Date.UTC(2015, 0, 1); local < Date.UTC(2016, 0, 1); local += 47 * 60_000) {
      const candidates = [4, 5].map((h) => local + h * 3_600_000).filter((utc) => reads(utc, local));
      if (!candidates.length) continue; // the hour skipped in March does not exist
      expect(candidates).toContain(fresh.toUtc(local));
      checked++;
    }
    expect(checked).toBeGreaterThan(11_000);
    // Both ends of the March and November changes, where the day cache must not be used.
    expect(iso(fresh.toUtc(Date.UTC(2015, 2, 8, 1, 59)))).toBe('2015-03-08T06:59:00.000Z');
    expect(iso(fresh.toUtc(Date.UTC(2015, 2, 8, 3, 0)))).toBe('2015-03-08T07:00:00.000Z');
    expect(iso(fresh.toUtc(Date.UTC(2015, 10, 1, 0, 30)))).toBe('2015-11-01T04:30:00.000Z');
    expect(iso(fresh.toUtc(Date.UTC(2015, 10, 1, 2, 30)))).toBe('2015-11-01T07:30:00.000Z');
  });

  it('refuses impossible dates', () => {
    expect(parseDate('2024/2/30', 'ymd', shanghai)).toBeNull();
    expect(parseDate('13/13/2024', 'mdy', shanghai)).toBeNull();
    expect(parseDate('hello', 'ymd', shanghai)).toBeNull();
  });

  it('detects the format a column uses', () => {
    expect(detectDateFormat(['2024/3/5 14:02', '2024/12/31 9:00'])).toBe('ymd');
    expect(detectDateFormat(['2024年3月5日', '2024年3月6日'])).toBe('cn');
    expect(detectDateFormat(['45356.5', '45357'])).toBe('excel');
    expect(detectDateFormat(['01/05/2015 12:40:41 PM', '12/31/2015 01:00:00 AM'])).toBe('mdy');
    expect(detectDateFormat(['25/03/2024', '05/03/2024'])).toBe('dmy');
    expect(detectDateFormat(['abc', 'def'])).toBeNull();
  });
});
