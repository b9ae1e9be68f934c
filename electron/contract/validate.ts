import type { z } from 'zod';
import { channels, isChannel, type Channel, type ParsedInput } from './index';

export type Validation<C extends Channel> =
  | { ok: true; channel: C; input: ParsedInput<C> }
  | { ok: false; error: { code: 'unknown_channel' | 'invalid_input'; message: string; details?: unknown } };

/** Checks a call against the contract; main and the HTTP bridge both call this before any service. */
export function validateCall(channel: string, input: unknown): Validation<Channel> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'unknown_channel', message: `Unknown channel: ${channel}` } };
  const schema = channels[channel].input as z.ZodType;
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: `Invalid input for ${channel}`, details: parsed.error.issues },
    };
  }
  return { ok: true, channel, input: parsed.data as ParsedInput<Channel> };
}
