import { initHub, readHubStatus, type HubInitResult, type HubStatus } from './services/hub/hub-admin';
import { toErrorBody } from './services/shared/app-error';

/**
 * `npm run hub -- init|status <connection string>`: sets up or inspects a center's PostgreSQL hub.
 * Plain Node (no Electron). Prints in Chinese and English; never prints the password. The connection
 * string may also come from GRIDDESK_HUB_URL, the password from PGPASSWORD or ~/.pgpass.
 */
const USAGE = [
  '用法 / Usage:',
  '  npm run hub -- init <postgres://用户@主机:5432/数据库>     建立或升级中心库数据结构 / create or migrate the hub schema',
  '  npm run hub -- status <postgres://用户@主机:5432/数据库>   数据结构版本与数量 / schema version and counts',
].join('\n');

function describeInit(result: HubInitResult): string[] {
  const lines = [`中心库 / Hub: ${result.hub}`];
  if (result.applied.length === 0 && !result.geographyAdded) {
    lines.push(`数据结构已是最新（版本 ${result.to}），未做任何更改 / Schema already at version ${result.to}: nothing changed`);
  } else if (result.applied.length > 0) {
    const names = result.applied.map((m) => `${String(m.version).padStart(3, '0')} ${m.name}`).join(', ');
    lines.push(`数据结构已从版本 ${result.from} 升级到 ${result.to}（${names}）/ Schema migrated from version ${result.from} to ${result.to} (${names})`);
  }
  if (result.geographyAdded) lines.push('已为案件加上 PostGIS 地理坐标列及其空间索引 / Gave cases a PostGIS geography column and its spatial index');
  lines.push(postgisLine(result.postgis));
  return lines;
}

function describeStatus(status: HubStatus): string[] {
  const lines = [`中心库 / Hub: ${status.hub}`];
  if (status.version === 0) {
    lines.push('尚未建立中心库数据结构：请运行 npm run hub -- init / No hub schema yet: run npm run hub -- init');
    return lines;
  }
  const behind = status.version < status.known ? `（待升级到 ${status.known}：请运行 init / run init to reach ${status.known}）` : '';
  lines.push(`数据结构版本 / Schema version: ${status.version}${behind}`);
  if (status.counts) {
    lines.push(`工作站 / Workspaces: ${status.counts.workspaces}`);
    lines.push(`变更 / Changes: ${status.counts.changes}（最新序号 / last seq ${status.counts.lastSeq}）`);
    lines.push(`案件 / Cases: ${status.counts.cases}`);
  }
  lines.push(postgisLine(status.postgis));
  return lines;
}

function postgisLine(version: string | null): string {
  return version
    ? `PostGIS ${version}：已启用（案件带地理坐标索引）/ enabled (cases carry a geography index)`
    : 'PostGIS：未启用，按经纬度工作（安装 postgresql-15-postgis-3 并由超级用户执行 CREATE EXTENSION postgis 后再次 init）' +
        ' / PostGIS: not enabled, working on lng/lat (install postgresql-15-postgis-3, have a superuser run CREATE EXTENSION postgis, then init again)';
}

async function main(argv: string[]): Promise<number> {
  const [command, address = process.env.GRIDDESK_HUB_URL] = argv;
  if ((command !== 'init' && command !== 'status') || !address || argv.length > 2) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const lines = command === 'init' ? describeInit(await initHub(address)) : describeStatus(await readHubStatus(address));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    const body = toErrorBody(error);
    process.stderr.write(`${body.message.split(address).join('***')}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
