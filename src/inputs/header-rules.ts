import picomatch from 'picomatch';
import { DeployError } from '../base/errors.js';

/** One `GLOB: VALUE` line of the `cache-control` or `content-type` input. */
export interface HeaderRule {
  readonly glob: string;
  readonly value: string;
  readonly matches: (key: string) => boolean;
}

export function globMatcher(glob: string): (key: string) => boolean {
  // `*.html` (no slash) matches at any depth, like .gitignore; `dot` so `.well-known/**` works.
  // One compiled expression: picomatch's own matcher splits the key on every call, and the
  // walk asks once per file.
  const pattern = picomatch.makeRe(glob.includes('/') ? glob : `**/${glob}`, { dot: true });
  return (key) => pattern.test(key);
}

/** Parses `GLOB: VALUE` lines; the first matching rule wins. */
export function parseHeaderRules(input: string, text: string): HeaderRule[] {
  return nonEmptyLines(text).map((line) => {
    const match = /^(.+?):\s+(\S.*)$/.exec(line);
    if (!match?.[1] || !match[2]) {
      throw new DeployError(
        `Input "${input}" is invalid: line ${JSON.stringify(line)} is not "GLOB: VALUE" (for example "**/*.html: no-cache").`,
        { badInput: true },
      );
    }
    const glob = match[1].trim();
    return { glob, value: match[2].trim(), matches: globMatcher(glob) };
  });
}

export function firstMatch(rules: readonly HeaderRule[], key: string): string | undefined {
  return rules.find((rule) => rule.matches(key))?.value;
}

export function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
