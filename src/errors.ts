/**
 * The one error type for failures a user can act on: bad input, a missing permission,
 * a safety stop. Its message says what to do; `cause` keeps the underlying error.
 */
export class DeployError extends Error {
  override readonly name = 'DeployError';
}

/** An input error: names the input and the value, and says what is expected. */
export function inputError(input: string, value: string, expected: string): DeployError {
  return new DeployError(`Input "${input}" is invalid: got ${JSON.stringify(value)}; ${expected}.`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
