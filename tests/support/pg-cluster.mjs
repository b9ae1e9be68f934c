// A throwaway PostgreSQL cluster on a loopback port, for the hub's tests (issue 14).
// Plain ESM so that both vitest (TypeScript) and tests/e2e/run.mjs (Node 20, no type stripping) can
// import it; types in pg-cluster.d.mts. PostgreSQL refuses to run as root, and CI runs as root: then
// every PostgreSQL process runs as an unprivileged user (`nobody`) in a folder handed to it.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The environment variable that carries the cluster's connection string to the tests. */
export const PG_URL_ENV = 'GRIDDESK_TEST_PG';
/** Set instead of PG_URL_ENV when no cluster could be started: the reason, for the tests to fail with. */
export const PG_MISSING_ENV = 'GRIDDESK_TEST_PG_MISSING';

const PG_USER = 'nobody';
const SUPERUSER = 'postgres';

/** The folder holding initdb and pg_ctl: $GRIDDESK_PG_BIN, else Debian's newest /usr/lib/postgresql/<major>/bin. */
export function findPgBin() {
  const candidates = [];
  if (process.env.GRIDDESK_PG_BIN) candidates.push(process.env.GRIDDESK_PG_BIN);
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const majors = fs.readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => path.join(root, major, 'bin')));
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
  if (!found) {
    throw new Error(
      'PostgreSQL is not installed: no initdb/pg_ctl under /usr/lib/postgresql/*/bin (apt-get install postgresql ' +
        'postgresql-15-postgis-3, as .ci/run does; or set GRIDDESK_PG_BIN)',
    );
  }
  return found;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the unprivileged user when we are root. */
function pgCommand(bin, program, args) {
  const file = path.join(bin, program);
  return isRoot() ? ['runuser', ['-u', PG_USER, '--', file, ...args]] : [file, args];
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function logTail(file) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * initdb (trust authentication, UTF-8, C locale) in a fresh temporary folder and start the server on a
 * free 127.0.0.1 port with its socket in that folder. Returns the connection string and a stop()
 * that stops the server and removes the folder (also done at process exit if forgotten).
 */
export async function startPgCluster() {
  const bin = findPgBin();
  // As root: under /tmp (the user `nobody` must reach it, which $TMPDIR may not allow).
  const dir = fs.mkdtempSync(path.join(isRoot() ? '/tmp' : os.tmpdir(), 'griddesk-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const exec = (program, args) => {
    const [file, argv] = pgCommand(bin, program, args);
    return run(file, argv, { cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  };
  let running = false;
  const stopSync = () => {
    if (running) {
      const [file, argv] = pgCommand(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      try {
        execFileSync(file, argv, { cwd: dir, stdio: 'ignore' });
      } catch {
        // Already gone: nothing to stop.
      }
      running = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync);
  try {
    await exec('initdb', ['-D', dataDir, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '--locale=C', '--no-sync']);
    let port = 0;
    for (let attempt = 1; !running; attempt++) {
      port = await freePort();
      const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
      try {
        await exec('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
        running = true;
      } catch (error) {
        // Another process may have taken the port between freePort() and the server's bind.
        if (attempt >= 3) throw error;
      }
    }
    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    const stop = async () => {
      process.removeListener('exit', stopSync);
      if (running) {
        await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
        running = false;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    };
    return { url, port, dataDir, stop };
  } catch (error) {
    const detail = `${error.stderr ?? ''}${error.stdout ?? ''}`.trim() || error.message;
    const tail = logTail(logFile);
    stopSync();
    process.removeListener('exit', stopSync);
    throw new Error(`Could not start the throwaway PostgreSQL cluster: ${detail}\n${tail}`, { cause: error });
  }
}

/** The test cluster's connection string; throws (failing the test) when the global setup found no PostgreSQL. */
export function testPgUrl() {
  const url = process.env[PG_URL_ENV];
  if (url) return url;
  throw new Error(process.env[PG_MISSING_ENV] ?? `${PG_URL_ENV} is not set: the vitest global setup tests/support/pg-global-setup.ts did not run`);
}

let databaseCount = 0;

/** A new empty database on the cluster (unique per process and call); returns its connection string. */
export async function createTestDatabase(adminUrl = testPgUrl(), prefix = 'hub') {
  const name = `${prefix}_${process.pid}_${++databaseCount}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
