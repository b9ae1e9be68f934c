import { describe, expect, it } from 'vitest';
import { indexTokens, matchExpression } from '../../../../electron/services/cases/case-text-tokens';

describe('case text tokens (FTS4 bigrams)', () => {
  it('indexes a CJK run as its bigrams plus its last character', () => {
    expect(indexTokens('井盖丢失')).toBe('井盖 盖丢 丢失 失');
    expect(indexTokens('路')).toBe('路');
  });

  it('keeps ASCII words and digits whole, lower-cased, with marked one- and two-character prefixes', () => {
    expect(indexTokens('朝阳路12号院，A座')).toBe('朝阳 阳路 路 12 §1 §12 号院 院 a §a 座');
    expect(indexTokens('Ticket 2603130001-B')).toBe('ticket §t §ti 2603130001 §2 §26 b §b');
  });

  it('folds full-width digits and letters (NFKC)', () => {
    expect(indexTokens('１２３４５热线')).toBe('12345 §1 §12 热线 线');
  });

  it('joins several fields and skips empty ones', () => {
    expect(indexTokens(null, '噪音', undefined, '')).toBe('噪音 音');
  });

  it('leaves out repeats: runs contained in another run, words and prefixes seen before', () => {
    expect(indexTokens('垃圾堆放', '东城区', '市民反映：东城区附近垃圾堆放，请处理')).toBe(
      '市民 民反 反映 映 东城 城区 区附 附近 近垃 垃圾 圾堆 堆放 放 请处 处理 理',
    );
    expect(indexTokens('路灯', '路灯 12号', '12号 路灯')).toBe('路灯 灯 12 §1 §12 号');
    // Two runs that touch across punctuation stay apart (the last character sits between them).
    expect(indexTokens('大街，街道')).toBe('大街 街 街道 道');
  });

  it('turns a query into a phrase of bigrams, prefix terms for one character and the last word', () => {
    expect(matchExpression('井盖丢失')).toBe('"井盖 盖丢 丢失"');
    expect(matchExpression('井盖')).toBe('"井盖"');
    expect(matchExpression('井')).toBe('井*');
    expect(matchExpression('12 号 朝阳路')).toBe('12 号* "朝阳 阳路"');
    expect(matchExpression('朝阳路 A12')).toBe('"朝阳 阳路" a12*');
    expect(matchExpression('朝阳路 A1234')).toBe('"朝阳 阳路" a1234*');
  });

  it('reads a one- or two-character last word as its marked prefix, full-width or not', () => {
    expect(matchExpression('路12')).toBe('路* §12');
    expect(matchExpression('路１２')).toBe('路* §12');
    expect(matchExpression('3')).toBe('§3');
    expect(matchExpression('3 号')).toBe('3 号*');
  });

  it('has nothing to search in punctuation alone (no FTS syntax leaks through)', () => {
    expect(matchExpression('，。！ "*')).toBeUndefined();
    expect(matchExpression('a" OR b*')).toBe('a or §b');
    expect(matchExpression('§12')).toBe('§12');
    expect(matchExpression('§ 12')).toBe('§12');
  });
});
