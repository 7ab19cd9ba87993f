/**
 * The one error type for failures a user can act on: bad input, a missing permission,
 * a safety stop. Its message says what to do; `cause` keeps the underlying error.
 */
export class DeployError extends Error {
  override readonly name = 'DeployError';
  /** True when the input (or command line) is at fault: the CLI exits 2, not 1. */
  readonly badInput: boolean;

  constructor(message: string, options?: ErrorOptions & { badInput?: boolean }) {
    super(message, options);
    this.badInput = options?.badInput ?? false;
  }
}

/** An input error: names the input and the value, and says what is expected. */
export function inputError(input: string, value: string, expected: string): DeployError {
  return new DeployError(
    `Input "${input}" is invalid: got ${JSON.stringify(value)}; ${expected}.`,
    {
      badInput: true,
    },
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
