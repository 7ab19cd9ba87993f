import { createRequire } from 'node:module';

/**
 * Past this many files, V8's collector is told to favour memory (see favourMemory). Below it a
 * deploy keeps V8's defaults, which cost less CPU: a first deploy of 1,500 files took 30% less
 * CPU without the flags (4.9-5.3 s -> 3.3-3.9 s; bench/README.md) and peaked at 170 MiB; one of
 * 5,000 files took 9.5 s of CPU instead of 13.8 s and peaked at 240 MiB instead of 126 MiB.
 * Memory grows with the uploads, and matters on large trees: 100,000 files peaked at 456 MiB
 * without the flags, 206-274 MiB with them (bench/README.md).
 */
export const FAVOUR_MEMORY_AFTER_FILES = 10_000;

/** The flags, for the test that holds them to the Node release the action runs on. */
export const MEMORY_FLAGS = ['--optimize-for-size', '--heap-growing-percent=20'] as const;

let favoured = false;

/** Whether favourMemory has run in this process. */
export function favouringMemory(): boolean {
  return favoured;
}

/**
 * Tells V8's collector to favour memory. By default V8 lets the old generation grow to several
 * times the live data before collecting it: 100,000 uploads through the SDK peaked at 456 MiB
 * with about 55 MiB live. `--optimize-for-size` collects sooner; on its own it also collected
 * so often that the CPU time of 20,000 SDK uploads grew by half, so the heap may still grow by
 * some percent between collections: 60% while every upload went through the SDK (20,000
 * uploads: peak RSS 288-307 -> 135-140 MiB, CPU 14-16 s -> 15.5-16.5 s), 20% since small files
 * are sent without it (src/aws/fast-s3.ts), which leaves far less garbage a request: 100,000
 * files peaked at 233 MiB instead of 246-247 MiB with 60% (240 with 30%), with the same CPU
 * (55.4 s against 52.9-56.3 s); 20,000 files 138 vs 148 MiB, CPU 11.3 vs 10.7 s. V8 reads both flags at each collection, so setting them in a running process
 * takes effect; `npm run bench:memory` measures that it does (bench/README.md). node:v8 is
 * loaded only then: a small deploy never needs it.
 */
export function favourMemory(): void {
  if (favoured) return;
  favoured = true;
  const { setFlagsFromString } = createRequire(import.meta.url)(
    'node:v8',
  ) as typeof import('node:v8');
  for (const flag of MEMORY_FLAGS) setFlagsFromString(flag);
}
