import type { ApiErrorBody } from '../../contract/common';

/** An error meant for the user: a stable code for the UI and a message that says what to do. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
