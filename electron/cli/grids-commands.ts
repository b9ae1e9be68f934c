import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../services/shared/app-error';
import type { CliCommand } from './cli-command';

const USAGE = [
  'grids import FILE --workspace DIR --level LEVEL [--name-field F] [--code-field F] [--crs EPSG]',
  '                                  import boundaries (GeoJSON, zipped Shapefile, KML) as one level',
  'grids check --workspace DIR [--level LEVEL]   topology problems of the region tree, as JSON',
  'grids codes --workspace DIR [--regenerate]    DB11 codes checked (or renumbered) against the official tables',
  'grids edits --workspace DIR                   grid edits (draw, reshape, split, merge, undo), newest first',
  'grids undo --workspace DIR                    undo the latest grid edit not yet undone',
  'grids streets FILE --workspace DIR --name-field F [--code-field F] [--crs EPSG]',
  '                                  import street lines (街巷, LineStrings)',
].join('\n  ');

export const gridsCommands: CliCommand[] = [
  {
    name: 'grids',
    usage: USAGE,
    options: {
      level: { type: 'string' },
      'name-field': { type: 'string' },
      'code-field': { type: 'string' },
      crs: { type: 'string' },
      regenerate: { type: 'boolean', default: false },
    },
    async run(context, positionals, values) {
      const [action, file] = positionals;
      if (action === 'import') {
        if (!file) throw new AppError('usage', `grids import needs a FILE\n  ${USAGE}`);
        if (typeof values.level !== 'string') throw new AppError('usage', `--level district|street|community|grid is required\n  ${USAGE}`);
        const bytes = readFile(file);
        await context.openWorkspace();
        const source = { fileName: path.basename(file), dataBase64: bytes.toString('base64') };
        let nameField = values['name-field'] as string | undefined;
        if (!nameField) {
          const inspection = await context.call('grids:inspect', source);
          nameField = inspection.suggestedNameField ?? undefined;
          if (!nameField) {
            throw new AppError('usage', `${file}：请用 --name-field 指定名称字段（有：${inspection.fields.map((f) => f.name).join(', ')}）`);
          }
        }
        return context.call('grids:import', {
          ...source, level: values.level, nameField,
          codeField: (values['code-field'] as string | undefined) ?? null, crs: (values.crs as string | undefined) ?? null,
        });
      }
      if (action === 'check') {
        await context.openWorkspace();
        return context.call('grids:check', values.level ? { level: values.level } : {});
      }
      if (action === 'codes') {
        await context.openWorkspace();
        return context.call(values.regenerate ? 'grids:regenerateCodes' : 'grids:validateCodes', {});
      }
      if (action === 'edits' || action === 'undo') {
        await context.openWorkspace();
        return context.call(action === 'edits' ? 'grids:edits' : 'grids:undo', {});
      }
      if (action === 'streets') {
        if (!file || typeof values['name-field'] !== 'string') throw new AppError('usage', `grids streets needs a FILE and --name-field\n  ${USAGE}`);
        const bytes = readFile(file);
        await context.openWorkspace();
        return context.call('streets:import', {
          fileName: path.basename(file), dataBase64: bytes.toString('base64'), nameField: values['name-field'],
          codeField: (values['code-field'] as string | undefined) ?? null, crs: (values.crs as string | undefined) ?? null,
        });
      }
      throw new AppError('usage', `Unknown grids action: ${action ?? '(none)'}\n  ${USAGE}`);
    },
  },
];

function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new AppError('file_not_found', `${file}：无法读取（${(err as NodeJS.ErrnoException).code ?? String(err)}）`);
  }
}
