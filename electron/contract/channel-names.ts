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
  // ── feature areas insert their channels above this line ──
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof ALLOWED_CHANNELS)[number]>;
/** `true` only when every contract channel is in the list; otherwise a type error naming the missing ones. */
export const AllowListIsComplete: [Missing] extends [never] ? true : { missing: Missing } = true;
