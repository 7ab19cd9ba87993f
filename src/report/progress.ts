import type { Logger } from '../base/logger.js';
import { formatBytes } from '../inputs/size.js';

/** Logs "files and bytes done of total" at most every `intervalMs` during long transfers. */
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

  done(bytes: number): void {
    this.files += 1;
    this.bytes += bytes;
    if (this.now() - this.lastReport >= this.intervalMs && this.files < this.totalFiles) {
      this.lastReport = this.now();
      this.logger.info(
        `Progress: ${this.files}/${this.totalFiles} files, ${formatBytes(this.bytes)} of ${formatBytes(this.totalBytes)}.`,
      );
    }
  }
}
