/**
 * Permissions deny nothing to root, and these tests may run as root (as on this project's dev
 * machine): `run` then runs with the effective user `nobody` (vitest's `forks` pool gives each
 * test file its own process, so nothing else runs as nobody meanwhile). As any other user, as
 * on a CI runner, the permissions already apply and `run` runs as is. Files the test made must
 * be readable by others, all but those it meant to make unreadable.
 */
export async function asUnprivilegedUser<T>(run: () => Promise<T>): Promise<T> {
  if (process.getuid?.() !== 0 || !process.seteuid) return run();
  process.seteuid(65534);
  try {
    return await run();
  } finally {
    process.seteuid(0);
  }
}
