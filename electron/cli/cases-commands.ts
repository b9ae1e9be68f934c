import type { CaseFilter, RateLevel, TransitionFields, WorkflowAction } from '../contract';
import { CaseSource, CaseStatus, RateLevel as RateLevelSchema, Satisfaction, WorkflowAction as ActionSchema } from '../contract';
import { AppError } from '../services/shared/app-error';
import { beijingTime } from '../services/calendar/work-calendar';
import type { CliCommand, CliValues } from './cli-command';

const list = (value: unknown): string[] => (typeof value === 'string' && value ? value.split(',').map((s) => s.trim()).filter(Boolean) : []);
const int = (value: unknown, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new AppError('usage', `--${name} must be a whole number, got ${String(value)}`);
  return n;
};
const month = (value: unknown, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(String(value));
  if (!m) throw new AppError('usage', `--${name} must be YYYY-MM or YYYY-MM-DD, got ${String(value)}`);
  return beijingTime(Number(m[1]), Number(m[2]), Number(m[3] ?? 1));
};

/** The case filter options shared by `cases` and `export cases`. */
export const CASE_FILTER_OPTIONS = {
  status: { type: 'string' }, source: { type: 'string' }, region: { type: 'string' }, category: { type: 'string' },
  department: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, overdue: { type: 'boolean' },
  'near-due': { type: 'boolean' }, 'whistle-open': { type: 'boolean' }, text: { type: 'string' },
} as const;

export function filterFrom(values: CliValues): CaseFilter {
  const status = list(values.status);
  const source = list(values.source);
  for (const s of status) if (!CaseStatus.safeParse(s).success) throw new AppError('usage', `Unknown status ${s}; one of ${CaseStatus.options.join(', ')}`);
  for (const s of source) if (!CaseSource.safeParse(s).success) throw new AppError('usage', `Unknown source ${s}; one of ${CaseSource.options.join(', ')}`);
  const filter: CaseFilter = {};
  if (status.length) filter.status = status as CaseFilter['status'];
  if (source.length) filter.source = source as CaseFilter['source'];
  if (values.region !== undefined) filter.regionId = int(values.region, 'region');
  if (values.category !== undefined) filter.categoryId = int(values.category, 'category');
  if (values.department !== undefined) filter.departmentId = int(values.department, 'department');
  if (values.from !== undefined) filter.receivedFrom = month(values.from, 'from');
  if (values.to !== undefined) filter.receivedTo = month(values.to, 'to');
  if (values.overdue) filter.dueState = ['overdue'];
  if (values['near-due']) filter.dueState = [...(filter.dueState ?? []), 'near'];
  if (values['whistle-open']) filter.whistleOpen = true;
  if (typeof values.text === 'string') filter.text = values.text;
  return filter;
}

export const casesCommands: CliCommand[] = [
  {
    name: 'cases',
    usage: 'cases --workspace DIR [--status a,b] [--source s] [--region ID] [--category ID] [--department ID] [--from YYYY-MM] [--to YYYY-MM] [--overdue] [--near-due] [--whistle-open] [--text T] [--sort received|due] [--offset N] [--limit N (≤500)] [--json]   one page of the list; every matching case: export cases',
    options: { ...CASE_FILTER_OPTIONS, sort: { type: 'string' }, offset: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    async run(context, _positionals, values) {
      const filter = filterFrom(values);
      await context.openWorkspace();
      const page = await context.call('cases:list', {
        filter, offset: int(values.offset, 'offset') ?? 0, limit: int(values.limit, 'limit') ?? 100, sort: values.sort ?? 'received',
      });
      return {
        total: page.total,
        cases: page.rows.map((c) => ({
          id: c.id, caseNo: c.caseNo, externalNo: c.externalNo, status: c.status, source: c.source, title: c.title,
          category: c.categoryName, grid: c.gridName, street: c.streetName, receivedAt: new Date(c.receivedAt).toISOString(),
          deadlines: {
            response: c.responseDueAt === null ? null : new Date(c.responseDueAt).toISOString(),
            handling: c.handlingDueAt === null ? null : new Date(c.handlingDueAt).toISOString(),
          },
          closedAt: c.closedAt === null ? null : new Date(c.closedAt).toISOString(),
          overdue: c.overdue, dueState: c.dueState,
        })),
      };
    },
  },
  {
    name: 'transition',
    usage: `transition CASE_ID ACTION --workspace DIR [--note T] [--department ID] [--staff ID] [--departments ID,ID] [--report-hours H] [--days N] [--solved yes|no] [--satisfaction S]   ACTION: ${ActionSchema.options.join('|')}`,
    options: {
      note: { type: 'string' }, department: { type: 'string' }, staff: { type: 'string' }, departments: { type: 'string' },
      'report-hours': { type: 'string' }, days: { type: 'string' }, solved: { type: 'string' }, satisfaction: { type: 'string' },
    },
    async run(context, positionals, values) {
      const [caseId, action] = positionals;
      if (!caseId || !action) throw new AppError('usage', 'transition needs CASE_ID and ACTION');
      if (!ActionSchema.safeParse(action).success) throw new AppError('usage', `Unknown action ${action}; one of ${ActionSchema.options.join(', ')}`);
      if (values.satisfaction !== undefined && !Satisfaction.safeParse(values.satisfaction).success) {
        throw new AppError('usage', `--satisfaction must be one of ${Satisfaction.options.join(', ')}`);
      }
      const fields: TransitionFields = {};
      if (typeof values.note === 'string') fields.note = values.note;
      if (values.department !== undefined) fields.departmentId = int(values.department, 'department');
      if (values.staff !== undefined) fields.staffId = int(values.staff, 'staff');
      if (values.departments !== undefined) fields.departmentIds = list(values.departments).map((d) => int(d, 'departments')!);
      if (values['report-hours'] !== undefined) fields.reportHours = Number(values['report-hours']);
      if (values.days !== undefined) fields.days = Number(values.days);
      if (values.solved !== undefined) fields.solved = ['yes', 'true', '1', '是'].includes(String(values.solved));
      if (values.satisfaction !== undefined) fields.satisfaction = values.satisfaction as TransitionFields['satisfaction'];
      await context.openWorkspace();
      const id = int(caseId, 'CASE_ID')!;
      const result = await context.call('workflow:transition', { caseId: id, action: action as WorkflowAction, fields });
      const detail = await context.call('cases:get', { id });
      return { ...result, caseNo: detail.caseNo, event: detail.events.at(-1) };
    },
  },
  {
    name: 'stats',
    usage: `stats --month YYYY-MM --workspace DIR [--level ${RateLevelSchema.options.join('|')}]   three rates and ranking as JSON`,
    options: { month: { type: 'string' }, level: { type: 'string' } },
    async run(context, _positionals, values) {
      if (typeof values.month !== 'string') throw new AppError('usage', '--month YYYY-MM is required');
      const level = (values.level ?? 'street') as RateLevel;
      if (!RateLevelSchema.safeParse(level).success) throw new AppError('usage', `--level must be one of ${RateLevelSchema.options.join(', ')}`);
      await context.openWorkspace();
      return context.call('rates:ranking', { month: values.month, level });
    },
  },
];
