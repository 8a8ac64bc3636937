import type { ApiArgs, ApiErrorCode, ApiMethod, ApiResponse, ApiResult } from './api.js';

/** Carries one request to the main process and brings back its answer (IPC or HTTP). */
export type ApiSend = (method: ApiMethod, args: unknown) => Promise<ApiResponse>;

/** An error answer from the API, thrown by the client so callers can `try/catch` it. */
export class ApiCallError extends Error {
  constructor(
    readonly method: ApiMethod,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Methods whose arguments may all be left out can be called without any. */
type ArgsParam<M extends ApiMethod> = Record<string, never> extends ApiArgs<M> ? [args?: ApiArgs<M>] : [args: ApiArgs<M>];

export interface ApiClient {
  call<M extends ApiMethod>(method: M, ...args: ArgsParam<M>): Promise<ApiResult<M>>;
}

export function createApiClient(send: ApiSend): ApiClient {
  return {
    async call(method, ...rest) {
      const response = await send(method, rest[0] ?? {});
      if (!response.ok) throw new ApiCallError(method, response.error.code, response.error.message);
      return response.result as ApiResult<typeof method>;
    },
  };
}
