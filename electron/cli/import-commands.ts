import fs from 'node:fs';
import path from 'node:path';
import { ImportMapping } from '../contract';
import { AppError } from '../services/shared/app-error';
import { stageFromDisk } from '../services/import/stage-from-disk';
import type { CliCommand } from './cli-command';

/**
 * `import FILE --workspace DIR [--template NAME | --mapping FILE.json] [--dry-run]`: the wizard's
 * pipeline without the wizard. Prints the validation report (which column went where included)
 * and, unless --dry-run, the commit's inserted / updated / unchanged.
 */
export const importCommands: CliCommand[] = [
  {
    name: 'import',
    usage: 'import FILE --workspace DIR [--target cases|staff|grids] [--template NAME | --mapping FILE.json] [--sheet NAME] [--header-row N] [--encoding ENC] [--dry-run]',
    options: {
      target: { type: 'string', default: 'cases' },
      template: { type: 'string' },
      mapping: { type: 'string' },
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      encoding: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
    async run(context, positionals, values) {
      const file = positionals[0];
      if (!file) throw new AppError('usage', 'import: FILE is required');
      if (values.template && values.mapping) throw new AppError('usage', 'import: use --template or --mapping, not both');
      await context.openWorkspace();
      // The CLI reads the file the user named at the shell, but hands the backend a staged copy like the app does.
      const { stagedId, fileName } = await stageFromDisk(path.resolve(file), (input) => context.call('import:stage', input));
      const ref = { stagedId, fileName };
      const table = {
        ...(values.sheet ? { sheet: values.sheet as string } : {}),
        ...(values['header-row'] ? { headerRow: Number(values['header-row']) } : {}),
        ...(values.encoding ? { encoding: values.encoding as string } : {}),
      };
      if (values.target === 'staff' || values.target === 'grids') {
        // A staff or grid list: the suggested columns (or a mapping file's { field: header }), checked, then written.
        const target = values.target;
        const roster = await context.call('import:roster-inspect', { file: ref, table, target });
        const columns = typeof values.mapping === 'string' ? (JSON.parse(fs.readFileSync(values.mapping, 'utf8')) as Record<string, string>) : roster.columns;
        if (values['dry-run']) return { dryRun: true, target, report: await context.call('import:roster-validate', { file: ref, table, target, columns }) };
        return { dryRun: false, target, ...(await context.call('import:roster-commit', { file: ref, table, target, columns })) };
      }
      if (values.target !== 'cases') throw new AppError('usage', 'import: --target is cases, staff or grids');
      const inspected = await context.call('import:inspect', { file: ref, table });
      let mapping = inspected.mapping;
      let mappingFrom = inspected.templateName ? `template:${inspected.templateName}` : 'suggested';
      if (typeof values.template === 'string') {
        const template = (await context.call('import:templates', {})).find((t) => t.name === values.template);
        if (!template) throw new AppError('not_found', `没有名为“${values.template}”的导入模板`);
        mapping = template.mapping;
        mappingFrom = `template:${template.name}`;
      } else if (typeof values.mapping === 'string') {
        const json = JSON.parse(fs.readFileSync(values.mapping, 'utf8')) as unknown;
        // A mapping file may leave out columns and date formats: the suggestions fill them.
        const partial = json as { columns?: object; dateFormats?: object };
        mapping = ImportMapping.parse({ ...inspected.mapping, ...partial, columns: partial.columns ?? inspected.mapping.columns, dateFormats: { ...inspected.mapping.dateFormats, ...partial.dateFormats } });
        mappingFrom = `file:${values.mapping}`;
      }
      const { jobId } = await context.call('import:start', { file: ref, table, mapping });
      // Polls like the wizard does; the job yields between batches, so the polls get answered.
      let progress = await context.call('import:progress', { jobId });
      while (progress.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        progress = await context.call('import:progress', { jobId });
      }
      if (progress.state !== 'ready') throw new AppError('import_failed', progress.error ?? `import ${progress.state}`);
      const report = progress.report!;
      const output = { mappingFrom, table: { format: inspected.table.format, encoding: inspected.table.encoding, sheet: inspected.table.sheet, headerRow: inspected.table.headerRow }, report: { ...report, problems: report.problems.slice(0, 50) } };
      if (values['dry-run']) {
        // Nothing will be committed: cancelling ends the job, which deletes its staged copy.
        await context.call('import:cancel', { jobId });
        return { dryRun: true, ...output };
      }
      const result = await context.call('import:commit', { jobId });
      return { dryRun: false, ...output, result };
    },
  },
  {
    name: 'import-undo',
    usage: 'import-undo BATCH_ID --workspace DIR   undo a whole import batch',
    async run(context, positionals) {
      await context.openWorkspace();
      return context.call('import:undo', { batchId: Number(positionals[0]) });
    },
  },
];
