import type { Channel, Output, ParsedInput } from '../../contract';
import type { Requirement } from '../auth/auth.service';
import type { WorkspaceControl } from '../workspace/workspace-desk';
import type { WorkspaceServices } from './workspace-services';

/**
 * What a channel needs (auth.service's Requirement: public, any account, or a permission of the
 * role table), declared next to each handler so that who may do what reads in one place per
 * domain and is tested as a table.
 */
export type Need = Requirement;

/** What a handler runs against. */
export interface HandlerContext {
  /** The open workspace's services; throws `no_workspace` when none is open. */
  services(): WorkspaceServices;
  workspaces: WorkspaceControl;
}

export interface Handler<C extends Channel> {
  /** The permission the call needs; a function when it depends on the input (a life-cycle action). */
  need: Need | ((input: ParsedInput<C>) => Need);
  run(input: ParsedInput<C>, context: HandlerContext): Output<C> | Promise<Output<C>>;
}

/** One domain's handlers: exactly the channels of that domain's contract, each typed by it. */
export type DomainHandlers<ChannelMap> = { [C in keyof ChannelMap & Channel]: Handler<C> };

export type AllHandlers = { [C in Channel]: Handler<C> };
