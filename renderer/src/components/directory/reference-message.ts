import type { Invalid } from './reference-validation';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A validation failure in the UI language; a field named in it is a key under `reference`. */
export function invalidMessage(t: Translate, invalid: NonNullable<Invalid>): string {
  const values: Record<string, unknown> = { ...invalid.values };
  if (typeof values.field === 'string') values.field = t(`reference.${values.field}`);
  return t(`reference.v.${invalid.key}`, values);
}
