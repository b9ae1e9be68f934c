/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab / carriage return before one)
 * as a formula, so a citizen's complaint text could run one on the operator's machine. Such text
 * gets a leading apostrophe, which Excel and WPS show as plain text (OWASP "CSV injection").
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field: quoted when it holds a delimiter, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
