import type { ApiErrorBody } from '@contract/common';

/** A call the services refused or could not answer; `code` is the contract's stable error code. */
export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;

  constructor(readonly channel: string, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.details = body.details;
  }
}
