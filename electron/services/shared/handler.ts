import type { Channel, Output, ParsedInput } from '../../contract';
import type { Requirement } from '../auth/auth.service';
import type { WorkspaceControl } from '../workspace/workspace-desk';

/**
 * What a channel needs (auth.service's Requirement: public, any account, or a permission of the
 * role table), declared next to each handler so that who may do what reads in one place per
 * domain and is tested as a table.
 */
export type Need = Requirement;

/**
 * What a handler runs against. `S` is what the domain needs of the open workspace's services,
 * declared by the domain itself, so that handlers never import the wiring that assembles them.
 */
export interface HandlerContext<S> {
  /** The open workspace's services; throws `no_workspace` when none is open. */
  services(): S;
  workspaces: WorkspaceControl;
}

export interface Handler<C extends Channel, S> {
  /** The permission the call needs; a function when it depends on the input (a life-cycle action). */
  need: Need | ((input: ParsedInput<C>) => Need);
  run(input: ParsedInput<C>, context: HandlerContext<S>): Output<C> | Promise<Output<C>>;
}

/** One domain's handlers: exactly the channels of that domain's contract, each typed by it. */
export type DomainHandlers<ChannelMap, S> = { [C in keyof ChannelMap & Channel]: Handler<C, S> };

export type AllHandlers<S> = { [C in Channel]: Handler<C, S> };
