/** Where the engine reports progress: the Actions log in the action, the terminal in the CLI. */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

/** A logger that keeps lines in memory, for tests and for quiet runs. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    debug: () => {},
    group: async (title, work) => {
      lines.push(`## ${title}`);
      return work();
    },
  };
}
