import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

const require = createRequire(import.meta.url);
let loading: Promise<SqlJsStatic> | undefined;

/** Loads the sql.js WASM once per process, from node_modules (unpacked from asar when packaged). */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({
    locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`).replace('app.asar', 'app.asar.unpacked'),
  });
  return loading;
}
