import { AppError } from '../services/shared/app-error';
import type { CliCommand, CliValues } from './cli-command';

/** --category C: a category id or code ('09' a major class, '0901' a minor one). */
async function categoryOf(context: Parameters<CliCommand['run']>[0], value: unknown): Promise<number | undefined> {
  if (typeof value !== 'string' || value === '') return undefined;
  const categories = await context.call('directory:categories', {});
  const found = categories.find((c) => c.code === value || String(c.id) === value || c.name === value);
  if (!found) throw new AppError('not_found', `类别 ${value} 不存在`);
  return found.id;
}

/** --from / --to as YYYY-MM or YYYY-MM-DD, Asia/Shanghai; --to is inclusive of its month or day. */
function timeOf(value: unknown, end: boolean): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!m) throw new AppError('usage', `日期须为 YYYY-MM 或 YYYY-MM-DD：${value}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : undefined];
  const utc = d === undefined ? Date.UTC(y, end ? mo + 1 : mo, 1) : Date.UTC(y, mo, end ? d + 1 : d);
  return utc - 8 * 3_600_000;
}

async function filterOf(context: Parameters<CliCommand['run']>[0], values: CliValues) {
  return {
    categoryId: await categoryOf(context, values.category),
    from: timeOf(values.from, false),
    to: timeOf(values.to, true),
  };
}

const filterOptions = {
  category: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean', default: true },
} as const;

export const analyticsCommands: CliCommand[] = [
  {
    name: 'hotspots',
    usage: 'hotspots --workspace DIR [--category C] [--from YYYY-MM] [--to YYYY-MM] [--weights queen|rook|distance] [--fdr] --json   Gi* and emerging classes per grid',
    options: { ...filterOptions, weights: { type: 'string', default: 'queen' }, fdr: { type: 'boolean', default: false } },
    async run(context, _positionals, values) {
      await context.openWorkspace();
      return context.call('analytics:hotspots', { filter: await filterOf(context, values), weights: values.weights, fdr: values.fdr });
    },
  },
  {
    name: 'recurring',
    usage: 'recurring --workspace DIR [--category C] [--from --to] [--radius 50] [--days 30] [--min 4] --json   recurring spots, addresses, grids',
    options: { ...filterOptions, radius: { type: 'string' }, days: { type: 'string' }, min: { type: 'string' } },
    async run(context, _positionals, values) {
      await context.openWorkspace();
      const num = (v: unknown) => (typeof v === 'string' ? Number(v) : undefined);
      return context.call('analytics:recurring', {
        filter: await filterOf(context, values), radiusM: num(values.radius), windowDays: num(values.days), minCases: num(values.min),
      });
    },
  },
  {
    name: 'forecast',
    usage: 'forecast --workspace DIR [--month YYYY-MM] [--category C] --json   next month\'s hottest grids, with the back-test',
    options: { month: { type: 'string' }, category: { type: 'string' }, json: { type: 'boolean', default: true } },
    async run(context, _positionals, values) {
      await context.openWorkspace();
      return context.call('analytics:forecast', { month: values.month, categoryId: await categoryOf(context, values.category) });
    },
  },
];
