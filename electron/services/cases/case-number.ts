/**
 * The one case-number scheme (docs/case-numbers.md): GD + YYMM (Beijing month the case was numbered
 * in this workspace) + an optional workstation code + '-' + a serial of at least six digits, e.g.
 * GD2612-000042, or GD2612K3-000042 on workstation K3. Where a case came from is its `source`
 * column, never its number. Numbers already given (DC…, IM1-…) are never changed.
 */
export const CASE_NO_LETTERS = 'GD';
/** A workstation's code: a capital letter, then up to three capitals or digits (none on a standalone desk). */
export const STATION_CODE = /^[A-Z][A-Z0-9]{0,3}$/;
const SERIAL_DIGITS = 6;

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: '2-digit', month: '2-digit' });

/** 'GD2612-' (or 'GD2612K3-'): every number given in that month on that desk starts with it. */
export function caseNoPrefix(at: number, station = ''): string {
  if (station && !STATION_CODE.test(station)) throw new Error(`Bad workstation code ${JSON.stringify(station)}`);
  const [yy, mm] = monthFormat.format(at).split('-');
  return `${CASE_NO_LETTERS}${yy}${mm}${station}-`;
}

export function formatCaseNo(prefix: string, serial: number): string {
  return `${prefix}${String(serial).padStart(SERIAL_DIGITS, '0')}`;
}

/** The serial of a number under `prefix`, or NaN when it is not one of the scheme's under it. */
export function serialOf(caseNo: string, prefix: string): number {
  const rest = caseNo.startsWith(prefix) ? caseNo.slice(prefix.length) : '';
  return /^\d+$/.test(rest) ? Number(rest) : NaN;
}

/**
 * Whether the greatest number by text under a prefix may not be the greatest serial: once serials
 * pass 999999 they have seven digits, and '1000000' sorts before '999999'.
 */
export function serialMayHaveGrown(caseNo: string, prefix: string): boolean {
  return caseNo.slice(prefix.length) === '9'.repeat(SERIAL_DIGITS) || caseNo.length > prefix.length + SERIAL_DIGITS;
}
