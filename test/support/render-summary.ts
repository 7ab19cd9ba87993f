import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { marked } from 'marked';

const run = promisify(execFile);

export const SCREENSHOT_WIDTH = 1000;
const SCREENSHOT_HEIGHT = 1400;

// Close to GitHub's job summary: a bordered card, system font at 14px, Primer colours.
const GITHUB_CSS = `
body { margin: 0; padding: 24px; background: #f6f8fa; color: #1f2328;
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
.card { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; padding: 16px 24px; max-width: 900px; }
.card-title { font-weight: 600; margin: -16px -24px 16px; padding: 12px 24px; border-bottom: 1px solid #d1d9e0; }
h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
h4 { font-size: 1em; font-weight: 600; margin: 24px 0 12px; }
.markdown-body > :first-child { margin-top: 0; }
p, table, ul, blockquote, details, .markdown-alert { margin: 0 0 16px; }
a { color: #0969da; text-decoration: none; }
code { font: 85% ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  background: rgba(129, 139, 152, 0.12); border-radius: 6px; padding: .2em .4em; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
th { font-weight: 600; }
tr:nth-child(2n) { background: #f6f8fa; }
details summary { cursor: pointer; }
details ul { margin-top: 8px; }
ul { padding-left: 2em; }
.markdown-alert { padding: 8px 16px; border-left: .25em solid #d1d9e0; }
.markdown-alert > :last-child { margin-bottom: 0; }
.markdown-alert-title { font-weight: 500; margin-bottom: 4px; }
.markdown-alert-note { border-left-color: #0969da; } .markdown-alert-note .markdown-alert-title { color: #0969da; }
.markdown-alert-tip { border-left-color: #1a7f37; } .markdown-alert-tip .markdown-alert-title { color: #1a7f37; }
.markdown-alert-important { border-left-color: #8250df; } .markdown-alert-important .markdown-alert-title { color: #8250df; }
.markdown-alert-warning { border-left-color: #9a6700; } .markdown-alert-warning .markdown-alert-title { color: #9a6700; }
.markdown-alert-caution { border-left-color: #d1242f; } .markdown-alert-caution .markdown-alert-title { color: #d1242f; }
`;

/** Markdown to HTML as GitHub renders it: GFM, plus the `> [!NOTE]` alerts marked leaves alone. */
export function summaryHtml(markdown: string): string {
  const html = marked.parse(markdown, { gfm: true, async: false });
  return html.replace(
    /<blockquote>\n<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\n?/g,
    (_match, kind: string) =>
      `<blockquote class="markdown-alert markdown-alert-${kind.toLowerCase()}"><p class="markdown-alert-title">${kind[0]}${kind.slice(1).toLowerCase()}</p><p>`,
  );
}

/** A whole page around the summary, styled like the job summary card on a run's page. */
export function summaryPage(markdown: string, options: { openDetails?: boolean } = {}): string {
  let body = summaryHtml(markdown);
  if (options.openDetails) body = body.replaceAll('<details>', '<details open>');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Job summary</title><style>${GITHUB_CSS}</style></head>
<body><div class="card"><div class="card-title">deploy summary</div>
<div class="markdown-body">
${body}
</div></div></body></html>
`;
}

/** Debian's chromium, or CHROMIUM if set; the error names the package when it is missing. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(
      `Chromium is not installed (looked for ${path}): install it with \`sudo apt-get install chromium\`, or set CHROMIUM to its path.`,
    );
  return path;
}

/** Renders the page with headless Chromium to a PNG at `out` (replaced), SCREENSHOT_WIDTH wide. */
export async function screenshot(html: string, out: string): Promise<void> {
  const chromium = chromiumPath();
  rmSync(out, { force: true });
  const work = mkdtempSync(join(tmpdir(), 'summary-render-'));
  try {
    const page = join(work, 'summary.html');
    writeFileSync(page, html);
    // The networking flags matter: without them Chromium waits on a network this machine lacks.
    const { stderr } = await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(work, 'profile')}`,
        `--screenshot=${out}`,
        `--window-size=${SCREENSHOT_WIDTH},${SCREENSHOT_HEIGHT}`,
        `file://${page}`,
      ],
      { timeout: 60_000 },
    );
    if (!existsSync(out)) throw new Error(`Chromium wrote no screenshot to ${out}:\n${stderr}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Width and height from a PNG's IHDR chunk; throws when the file is not a PNG. */
export function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR')
    throw new Error(`${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
