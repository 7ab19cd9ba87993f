/** The stages a live display names, in the order a deploy meets them. */
export type Phase =
  | 'listing'
  | 'hashing'
  | 'reading headers'
  | 'uploading'
  | 'updating headers'
  | 'deleting'
  | 'invalidating'
  | 'waiting for CloudFront';

/** How far the phase has come: counts so far and, when known, their totals. */
export interface ProgressUpdate {
  readonly phase: Phase;
  /** Files, objects, distributions or invalidations done. */
  readonly done?: number;
  readonly total?: number;
  readonly bytes?: number;
  readonly totalBytes?: number;
  /** What the phase is on or waits for, in a few words ("2,000 objects listed"). */
  readonly detail?: string;
}

/** Where the engine reports progress: the Actions log in the action, the terminal in the CLI. */
export interface Logger {
  info(message: string): void;
  /**
   * A line per file or per poll ("Added x", "Deleted y"): the action's log has them all, a
   * terminal only with --verbose.
   */
  detail(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
  /**
   * Live progress, for a logger that draws it (a terminal's status line). Without it the engine
   * logs a plain "Progress:" line every few seconds of a long upload instead.
   */
  progress?(update: ProgressUpdate): void;
}

/** A logger that keeps lines in memory, for tests and for quiet runs. */
export function memoryLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(message),
    detail: (message) => lines.push(message),
    warning: (message) => lines.push(`warning: ${message}`),
    debug: () => {},
    group: async (title, work) => {
      lines.push(`## ${title}`);
      return work();
    },
  };
}

/**
 * Counts the items of a phase as they finish, for the logger's live display (if it has one):
 * reports 0 of `total` at once, then every item. A phase with nothing to do is not shown.
 */
export function progressCounter(
  logger: Logger,
  phase: Phase,
  total: number,
): (items?: number) => void {
  let done = 0;
  if (total > 0) logger.progress?.({ phase, done, total });
  return (items = 1) => {
    done += items;
    logger.progress?.({ phase, done, total });
  };
}
