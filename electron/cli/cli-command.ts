import type { ParseArgsConfig } from 'node:util';
import type { Channel, Output } from '../contract';
import type { Backend } from '../services/backend/backend';
import type { CliAccount } from './cli-account';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;
export type CliValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CliContext {
  backend: Backend;
  resourcesDir: string;
  /** Validates against the contract and calls the service, as the app does. */
  call<C extends Channel>(channel: C, input: unknown): Promise<Output<C>>;
  /** Opens the workspace named by --workspace and signs in as --user (password from the environment or a prompt). */
  openWorkspace(): Promise<void>;
  /** The account named by --user, for commands that create it (init). */
  account(): Promise<CliAccount>;
}

/** One `npm run cli -- <name> …` command; its result is printed as JSON. */
export interface CliCommand {
  name: string;
  /** One or more usage lines, shown by --help. */
  usage: string;
  options?: CliOptions;
  /** Only reads: opened read-only, with a notice, when another process holds the workspace. */
  readsOnly?: boolean;
  run(context: CliContext, positionals: string[], values: CliValues): Promise<unknown>;
}
