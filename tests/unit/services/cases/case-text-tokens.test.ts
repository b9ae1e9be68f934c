import { describe, expect, it } from 'vitest';
import { indexTokens, matchExpression } from '../../../../electron/services/cases/case-text-tokens';

describe('case text tokens (FTS4 bigrams)', () => {
  it('indexes a CJK run as its bigrams plus its last character', () => {
    expect(indexTokens('井盖丢失')).toBe('井盖 盖丢 丢失 失');
    expect(indexTokens('路')).toBe('路');
  });

  it('keeps ASCII words and digits whole, lower-cased, and splits runs at punctuation', () => {
    expect(indexTokens('朝阳路12号院，A座')).toBe('朝阳 阳路 路 12 号院 院 a 座');
    expect(indexTokens('Ticket 2603130001-B')).toBe('ticket 2603130001 b');
  });

  it('folds full-width digits and letters (NFKC)', () => {
    expect(indexTokens('１２３４５热线')).toBe('12345 热线 线');
  });

  it('joins several fields and skips empty ones', () => {
    expect(indexTokens(null, '噪音', undefined, '')).toBe('噪音 音');
  });

  it('turns a query into a phrase of bigrams, prefix terms for one character and the last word', () => {
    expect(matchExpression('井盖丢失')).toBe('"井盖 盖丢 丢失"');
    expect(matchExpression('井盖')).toBe('"井盖"');
    expect(matchExpression('井')).toBe('井*');
    expect(matchExpression('12 号 朝阳路')).toBe('12 号* "朝阳 阳路"');
    expect(matchExpression('朝阳路 A12')).toBe('"朝阳 阳路" a12*');
  });

  it('has nothing to search in punctuation alone (no FTS syntax leaks through)', () => {
    expect(matchExpression('，。！ "*')).toBeUndefined();
    expect(matchExpression('a" OR b*')).toBe('a or b*');
  });
});
