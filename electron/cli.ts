import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { validateCall } from './contract/validate';
import { toErrorBody } from './services/backend/app-error';
import { Backend } from './services/backend/backend';
import { ensureDemoWorkspace } from './services/demo/ensure-demo';
import type { Channel } from './contract';

/**
 * `npm run cli -- <command> --workspace DIR [...]`: the same services as the app, headless, JSON out.
 * Commands: init, info. Later issues add import, cases, transition, stats, hotspots.
 */
const USAGE = `Usage: npm run cli -- <command> --workspace DIR [options]
  init --workspace DIR [--demo]   create a workspace (empty, or a copy of the demo district)
  info --workspace DIR            counts of regions, staff and cases, as JSON`;

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: 'string' }, demo: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (!values.workspace) return fail('usage', `--workspace DIR is required\n${USAGE}`);
  const resourcesDir = path.resolve(here, '..', 'resources');
  const backend = new Backend({
    configDir: process.env.GRIDDESK_CONFIG_DIR ?? path.join(os.homedir(), '.griddesk'),
    resourcesDir,
  });
  const run = async (channel: Channel, input: unknown) => {
    const call = validateCall(channel, input);
    if (!call.ok) throw Object.assign(new Error(call.error.message), { code: call.error.code });
    return backend.call(call.channel, call.input);
  };
  try {
    switch (command) {
      case 'init':
        if (values.demo) await ensureDemoWorkspace(resourcesDir);
        return print(await run('workspace:create', { dir: values.workspace, demo: values.demo }));
      case 'info':
        return print(await run('workspace:open', { dir: values.workspace }));
      default:
        return fail('usage', `Unknown command: ${command}\n${USAGE}`);
    }
  } catch (error) {
    const body = toErrorBody(error);
    return fail(body.code, body.message);
  } finally {
    await backend.closeWorkspace();
  }
}

function print(value: unknown): number {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

function fail(code: string, message: string): number {
  process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
  return code === 'usage' ? 2 : 1;
}

process.exitCode = await main(process.argv.slice(2));
