import type { Logger } from '../base/logger.js';
import { formatBytes } from '../inputs/size.js';

/**
 * Counts the uploads: every one reaches a live display (the CLI's status line); a log without
 * one (the action's) gets "files and bytes done of total" at most every `intervalMs`.
 */
export class Progress {
  private files = 0;
  private bytes = 0;
  private lastReport: number;

  constructor(
    private readonly logger: Logger,
    private readonly totalFiles: number,
    private readonly totalBytes: number,
    private readonly intervalMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {
    this.lastReport = now();
  }

  get filesDone(): number {
    return this.files;
  }

  /** The uploads begin: a live display shows 0 of the total at once. */
  start(): void {
    this.show();
  }

  done(bytes: number): void {
    this.files += 1;
    this.bytes += bytes;
    if (this.logger.progress) {
      this.show();
      return;
    }
    if (this.now() - this.lastReport >= this.intervalMs && this.files < this.totalFiles) {
      this.lastReport = this.now();
      this.logger.info(
        `Progress: ${this.files}/${this.totalFiles} files, ${formatBytes(this.bytes)} of ${formatBytes(this.totalBytes)}.`,
      );
    }
  }

  private show(): void {
    this.logger.progress?.({
      phase: 'uploading',
      done: this.files,
      total: this.totalFiles,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
    });
  }
}
