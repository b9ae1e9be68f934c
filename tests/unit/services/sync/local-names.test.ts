import { describe, expect, it } from 'vitest';
import { LocalNames } from '../../../../electron/services/sync/local-names';

describe('local names across eras', () => {
  // Restored to case 100 / event 500; later to a backup taken after that, holding cases to 120 / events to 520.
  const names = new LocalNames('ab12', [
    { caseAfter: 100, eventAfter: 500, whistleAfter: 7 },
    { caseAfter: 120, eventAfter: 520, whistleAfter: 5 },
  ]);

  it('names a row by the newest era whose boundary lies below it', () => {
    expect(names.case(50)).toBe('ab12:c50'); // from before both restores
    expect(names.case(110)).toBe('ab12.1:c110'); // made after the first, kept by the second
    expect(names.case(101)).toBe('ab12.1:c101');
    expect(names.case(121)).toBe('ab12.2:c121');
    expect(names.event(510)).toBe('ab12.1:e510');
    expect(names.whistle(6)).toBe('ab12.2:w6');
  });

  it('reads back only the name it gives today; the same id under another era is foreign', () => {
    expect(names.localCase('ab12:c50')).toBe(50);
    expect(names.localCase('ab12.1:c110')).toBe(110);
    expect(names.localCase('ab12.2:c121')).toBe(121);
    expect(names.localCase('ab12:c121')).toBeUndefined(); // sent before the first restore: a lost case, foreign now
    expect(names.localCase('ab12.1:c121')).toBeUndefined(); // sent before the second
    expect(names.localEvent('ab12.1:e510')).toBe(510);
    expect(names.localCase('ab12.1:e510')).toBeUndefined();
    expect(names.localCase('ff99:c50')).toBeUndefined();
    expect(names.localCase('ab12:cx')).toBeUndefined();
    expect(new LocalNames('ab12').localCase('ab12:c7')).toBe(7);
  });

  it('gives the workspace as the origin, whatever the era', () => {
    expect(LocalNames.originOf('ab12.2:e9')).toBe('ab12');
    expect(LocalNames.originOf('ab12:c1')).toBe('ab12');
  });
});
