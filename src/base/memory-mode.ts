import { setFlagsFromString } from 'node:v8';

/**
 * Tells V8's collector to favour memory. Each changed file costs an SDK request that leaves
 * some 270 KB of short-lived garbage, and by default V8 lets the old generation grow to several
 * times the live data before collecting it: 100,000 uploads peaked at 456 MiB with about 55 MiB
 * live. `--optimize-for-size` collects sooner; on its own it also collects so often that the
 * CPU time of 20,000 uploads grew by half, so the heap may still grow by 60% between
 * collections. Measured on 20,000 uploads: peak RSS 288-307 -> 135-140 MiB, CPU 14-16 s ->
 * 15.5-16.5 s. V8 reads both flags at each collection, so setting them in a running process
 * takes effect; `npm run bench:memory` measures that it does (bench/README.md).
 */
export function favourMemory(): void {
  setFlagsFromString('--optimize-for-size');
  setFlagsFromString('--heap-growing-percent=60');
}
