import type { z } from 'zod';
import { channels, isChannel, type Channel, type ParsedInput } from './index';
import { sizeLabel } from './input-limits';

export type Validation<C extends Channel> =
  | { ok: true; channel: C; input: ParsedInput<C> }
  | { ok: false; error: { code: 'unknown_channel' | 'invalid_input' | 'file_too_large'; message: string; details?: unknown } };

/** Checks a call against the contract; main and the HTTP bridge both call this before any service. */
export function validateCall(channel: string, input: unknown): Validation<Channel> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'unknown_channel', message: `Unknown channel: ${channel}` } };
  const schema = channels[channel].input as z.ZodType;
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const tooLarge = uploadTooLarge(input, parsed.error.issues);
    if (tooLarge) return { ok: false, error: { code: 'file_too_large', message: tooLarge } };
    return {
      ok: false,
      error: { code: 'invalid_input', message: `Invalid input for ${channel}`, details: parsed.error.issues },
    };
  }
  return { ok: true, channel, input: parsed.data as ParsedInput<Channel> };
}

/**
 * A file's bytes (dataBase64) over the payload cap (INPUT_LIMITS): the one refusal here the user
 * causes by choosing a file, so it names that file, in Chinese, instead of "Invalid input".
 */
function uploadTooLarge(input: unknown, issues: z.core.$ZodIssue[]): string | null {
  const issue = issues.find((i) => i.code === 'too_big' && i.path[i.path.length - 1] === 'dataBase64');
  if (!issue || issue.code !== 'too_big') return null;
  let holder: unknown = input;
  for (const key of issue.path.slice(0, -1)) holder = (holder as Record<PropertyKey, unknown> | undefined)?.[key];
  const fileName = (holder as { fileName?: unknown } | undefined)?.fileName;
  const name = typeof fileName === 'string' ? fileName : '所选文件';
  return `${name}：文件超过 ${sizeLabel((Number(issue.maximum) / 4) * 3)} 的上限，请压缩或拆分后再试`;
}
