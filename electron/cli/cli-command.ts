import type { ParseArgsConfig } from 'node:util';
import type { Channel, Output } from '../contract';
import type { Backend } from '../services/backend/backend';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;
export type CliValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CliContext {
  backend: Backend;
  resourcesDir: string;
  /** Validates against the contract and calls the service, as the app does. */
  call<C extends Channel>(channel: C, input: unknown): Promise<Output<C>>;
  /** Opens the workspace named by --workspace. */
  openWorkspace(): Promise<void>;
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
