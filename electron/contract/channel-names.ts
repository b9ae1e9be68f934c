import type { Channel } from './index';

/** The single IPC channel every contract call travels on (main registers it in electron/main/ipc.ts). */
export const IPC_INVOKE_CHANNEL = 'griddesk:invoke';

/**
 * The channels the renderer may invoke: a plain list, because importing `channelNames` from the
 * contract would bundle zod into the preload (~750 kB instead of ~2 kB). Type-checked both ways
 * against the contract: a misspelt or removed channel fails `satisfies`, a contract channel
 * missing here fails `AllowListIsComplete`.
 */
export const ALLOWED_CHANNELS = [
  'workspace:info',
  'workspace:open',
  'workspace:create',
  'workspace:recent',
  'regions:tree',
  'regions:shapes',
  'directory:departments',
  'directory:staff',
  'directory:categories',
  'cases:create',
  'cases:list',
  'cases:points',
  'cases:get',
  'basemaps:list',
  'workflow:transition',
  'workflow:batch',
  'workflow:allowed',
  'workflow:suggest',
  'workflow:merge',
  'workflow:whistles',
  'workflow:overdue',
  'workflow:operator',
  'workflow:setOperator',
  'basemaps:presets',
  'basemaps:saveOnline',
  'basemaps:remove',
  'basemaps:importArchive',
  'grids:inspect',
  'grids:import',
  'grids:check',
  'grids:validateCodes',
  'grids:regenerateCodes',
  'grids:panel',
  'grids:unstaffed',
  'import:stage',
  'import:inspect',
  'import:start',
  'import:progress',
  'import:cancel',
  'import:commit',
  'import:refused',
  'import:batches',
  'import:undo',
  'import:templates',
  'import:save-template',
  'export:cases',
  'export:grids',
  'rates:settings',
  'rates:saveSettings',
  'rates:ranking',
  'rates:cases',
  'rates:freeze',
  'analytics:heat',
  'analytics:choropleth',
  'analytics:temporal',
  'analytics:hotspots',
  'analytics:recurring',
  'analytics:forecast',
  'analytics:topic-candidates',
  'analytics:topics',
  'analytics:topic-adopt',
  // ── feature areas insert their channels above this line ──
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof ALLOWED_CHANNELS)[number]>;
/** `true` only when every contract channel is in the list; otherwise a type error naming the missing ones. */
export const AllowListIsComplete: [Missing] extends [never] ? true : { missing: Missing } = true;
