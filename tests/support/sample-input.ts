import type { z } from 'zod';

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/**
 * The smallest input a zod schema accepts, built from its definition: optional fields left out,
 * defaults taken, the first option of an enum or union. The permission table uses it to reach every
 * channel's handler with a valid payload; channels with stricter rules get a hand-written input.
 */
export function sampleInput(schema: z.ZodType): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(shape)) {
        const type = defOf(field).type;
        if (type === 'optional' || type === 'default') continue;
        out[key] = sampleInput(field);
      }
      return out;
    }
    case 'string': {
      const checks = (def.checks as { _zod: { def: { check: string; minimum?: number } } }[] | undefined) ?? [];
      const min = checks.map((c) => c._zod.def).find((c) => c.check === 'min_length')?.minimum ?? 1;
      return '测'.repeat(Math.max(1, min));
    }
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'enum':
      return Object.values(def.entries as Record<string, string>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'union':
      return sampleInput((def.options as z.ZodType[])[0]!);
    case 'nullable':
      return null;
    case 'optional':
    case 'default':
    case 'readonly':
    case 'catch':
      return sampleInput(def.innerType as z.ZodType);
    case 'pipe':
      return sampleInput(def.in as z.ZodType);
    case 'record':
      return {};
    case 'tuple':
      return (def.items as z.ZodType[]).map(sampleInput);
    case 'lazy':
      return sampleInput((def.getter as () => z.ZodType)());
    default:
      return undefined;
  }
}
