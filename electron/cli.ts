import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CliCommand, CliContext } from './cli/cli-command';
import { workspaceCommands } from './cli/workspace-commands';
import { importCommands } from './cli/import-commands';
import { analyticsCommands } from './cli/analytics-commands';
import { gridsCommands } from './cli/grids-commands';
import { casesCommands } from './cli/cases-commands';
import { basemapsCommands } from './cli/basemaps-commands';
import { exportCommands } from './cli/export-commands';
import { cliAccount } from './cli/cli-account';
import { openForCli } from './cli/cli-open';
import { validateCall } from './contract/validate';
import { AppError, toErrorBody } from './services/shared/app-error';
import { Backend } from './services/backend/backend';

/**
 * `npm run cli -- <command> --workspace DIR [...]`: the same services as the app, headless.
 * Results go to stdout as JSON; errors to stderr as {"error": {code, message}} with exit code 1
 * (2 for usage errors). Each domain adds its commands in electron/cli/<domain>-commands.ts.
 */
const commands: CliCommand[] = [
  ...workspaceCommands,
  ...casesCommands,
  ...gridsCommands,
  ...analyticsCommands,
  ...importCommands,
  ...basemapsCommands,
  ...exportCommands,
  // ── feature areas insert their command lists above this line ──
];

const here = path.dirname(fileURLToPath(import.meta.url));
const usage = () =>
  `Usage: npm run cli -- <command> --workspace DIR [--read-only] [options]\n${commands.map((c) => `  ${c.usage}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    if (name && name !== '--help') return fail('usage', `Unknown command: ${name}\n${usage()}`);
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      allowPositionals: true,
      options: { workspace: { type: 'string' }, user: { type: 'string' }, 'read-only': { type: 'boolean', default: false }, ...command.options },
    });
  } catch (error) {
    return fail('usage', `${(error as Error).message}\n  ${command.usage}`);
  }
  const { values, positionals } = parsed;
  if (typeof values.workspace !== 'string') return fail('usage', `--workspace DIR is required\n  ${command.usage}`);
  const workspaceDir = values.workspace;
  const resourcesDir = path.resolve(here, '..', 'resources');
  const backend = new Backend({
    configDir: process.env.GRIDDESK_CONFIG_DIR ?? path.join(os.homedir(), '.griddesk'),
    resourcesDir,
    lockApp: 'cli',
  });
  const context: CliContext = {
    backend,
    resourcesDir,
    async call(channel, input) {
      const call = validateCall(channel, input);
      if (!call.ok) throw new AppError(call.error.code, call.error.message, call.error.details);
      return backend.call(channel, call.input as never);
    },
    async openWorkspace() {
      await openForCli(backend, workspaceDir, { readOnly: values['read-only'] === true, readsOnly: command.readsOnly === true });
      await backend.call('auth:signIn', await cliAccount(typeof values.user === 'string' ? values.user : undefined));
    },
    account: () => cliAccount(typeof values.user === 'string' ? values.user : undefined),
  };
  try {
    const result = await command.run(context, positionals, values);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    const body = toErrorBody(error);
    return fail(body.code, body.message, body.details);
  } finally {
    await backend.closeWorkspace({ finishIndexes: true });
  }
}

function fail(code: string, message: string, details?: unknown): number {
  process.stderr.write(`${JSON.stringify({ error: { code, message, details } })}\n`);
  return code === 'usage' ? 2 : 1;
}

process.exitCode = await main(process.argv.slice(2));
