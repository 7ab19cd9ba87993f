// The bench's tables: one per size (seconds and objects written per tool and scenario, ratios),
// and the summary across sizes (the action's time over the fastest peer's, and over rclone's).

const SCENARIO_COLUMNS = [
  ['first', 'first deploy'],
  ['unchanged', 'unchanged'],
  ['fresh', 'fresh checkout (new mtimes)'],
  ['edit', '1% edited'],
];

/**
 * Runs -> one entry per scenario: the fastest run that wrote no more objects than it had to (by
 * total: a peer's deploy plus its invalidation), every run's totals, the most objects any run
 * wrote, the highest RSS, and any failure or wrong bucket.
 */
export function summarise(runs) {
  const scenarios = {};
  for (const [id, entries] of Object.entries(runs)) {
    if (entries.length === 0) continue;
    const failed = entries.find((entry) => entry.exitCode !== 0 || entry.timedOut);
    // The fastest run that wrote no more than it had to (a run that rewrote more did other work).
    const minimal = entries.filter((entry) => entry.rewritten <= entry.needed);
    const best = (minimal.length > 0 ? minimal : entries).reduce((a, b) =>
      b.total < a.total ? b : a,
    );
    // A seeded first deploy (bench/run.mjs --seed-peers-above) has no time.
    const timed = entries.filter((entry) => !entry.seeded);
    const totals = timed.map((entry) => entry.total).sort((a, b) => a - b);
    scenarios[id] = {
      ...(failed ?? best),
      totalsAll: timed.map((entry) => entry.total),
      median: totals[Math.floor(totals.length / 2)],
      runs: entries.length,
      mostRewritten: Math.max(...entries.map((entry) => entry.rewritten)),
      verified: entries.every((entry) => entry.verified),
      peakRssKb: Math.max(...entries.map((entry) => entry.peakRssKb ?? 0)) || undefined,
    };
  }
  return scenarios;
}

const ok = (entry) => entry && entry.exitCode === 0 && !entry.timedOut && entry.verified;

/** The fastest peer that wrote no more than it had to: [name, entry] or undefined. */
function fastestPeer(size, scenarioId, only) {
  const peers = Object.entries(size.tools)
    .filter(([name]) => !name.startsWith('action') && (!only || name === only))
    .map(([name, record]) => [name, record.scenarios[scenarioId]])
    .filter(([, entry]) => ok(entry) && !entry.seeded && entry.rewritten <= entry.needed);
  if (peers.length === 0) return undefined;
  return peers.reduce((a, b) => (b[1].total < a[1].total ? b : a));
}

/** The peers whose entry for the scenario was seeded, not timed. */
function seededPeers(size, scenarioId) {
  return Object.entries(size.tools)
    .filter(([name, record]) => !name.startsWith('action') && record.scenarios[scenarioId]?.seeded)
    .map(([name]) => name);
}

function ratio(size, action, scenarioId, only) {
  const entry = size.tools[action]?.scenarios[scenarioId];
  if (!ok(entry)) return '—';
  const peer = fastestPeer(size, scenarioId, only);
  const seeded = seededPeers(size, scenarioId).filter((name) => !only || name === only);
  if (!peer) return seeded.length ? `— (${seeded.join(', ')} seeded, not timed)` : '—';
  return `${(entry.total / peer[1].total).toFixed(2)}${only ? '' : ` (${peer[0]})`}`;
}

function cell(entry) {
  if (!entry) return '—';
  if (entry.seeded?.failed) return `seed failed (${entry.seeded.failed.slice(0, 80)})`;
  if (entry.seeded) return `seeded, not timed · ${entry.rewritten}`;
  if (entry.timedOut) return `timed out (${entry.seconds.toFixed(0)} s)`;
  if (entry.exitCode !== 0) return `failed (exit ${entry.exitCode})`;
  const other = entry.otherWritten.length ? ` +${entry.otherWritten.length}` : '';
  const more = entry.mostRewritten > entry.rewritten ? ` (${entry.mostRewritten} in one run)` : '';
  const wrong = entry.verified ? '' : ' ⚠ bucket wrong';
  const time =
    entry.invalidationSeconds === undefined
      ? `${entry.seconds.toFixed(2)} s`
      : `${entry.seconds.toFixed(2)} + ${entry.invalidationSeconds.toFixed(2)} s`;
  const spread =
    entry.runs > 1 ? ` (of ${entry.totalsAll.map((total) => total.toFixed(2)).join('/')})` : '';
  return `${time}${spread} · ${entry.rewritten}${other}${more}${wrong}`;
}

export function renderSizeTable(size, results) {
  const names = Object.keys(size.tools);
  const actions = names.filter((name) => name.startsWith('action'));
  const header = `| scenario (objects that must be written) | ${names.join(' | ')} | ${actions.map((name) => `${name} ÷ fastest peer`).join(' | ')} |`;
  const rule = `|${' --- |'.repeat(names.length + actions.length + 1)}`;
  const rows = results.scenarios.map((scenario) => {
    const needed = Object.values(size.tools)[0]?.scenarios[scenario.id]?.needed ?? '?';
    const cells = names.map((name) => cell(size.tools[name].scenarios[scenario.id]));
    const ratios = actions.map((name) => ratio(size, name, scenario.id));
    return `| ${scenario.title} (${needed}) | ${cells.join(' | ')} | ${ratios.join(' | ')} |`;
  });
  const rss = names.map((name) => {
    const peaks = Object.values(size.tools[name].scenarios).map((entry) => entry.peakRssKb ?? 0);
    const peak = Math.max(0, ...peaks);
    return peak ? `${(peak / 1024).toFixed(0)} MiB` : '?';
  });
  const lines = [
    `${size.files} files, ${(size.bytes / 2 ** 20).toFixed(1)} MiB, ${results.delayMs} ms per request; seconds of wall time (a peer's deploy + its create-invalidation where files changed), fastest of ${results.rounds} re-deploy runs${results.repeat > 1 ? ` and ${results.repeat} sequences` : ''} (all runs in brackets) · objects written (+ outside the site)`,
    '',
    header,
    rule,
    ...rows,
    `| peak RSS | ${rss.join(' | ')} |${' |'.repeat(actions.length)}`,
  ];
  for (const [name, why] of Object.entries(size.skipped)) lines.push('', `${name}: ${why}`);
  for (const name of seededPeers(size, 'first')) {
    const { from, failed } = size.tools[name].scenarios.first.seeded;
    const what = failed
      ? `the seed failed (${failed}), so its sequence stopped`
      : `its bucket was filled with a copy of the site objects of ${from} and checked against the tree; in no ratio`;
    lines.push(
      '',
      `${name}: first deploy seeded, not timed (above --seed-peers-above ${results.seedPeersAbove}): ${what}`,
    );
  }
  return lines.join('\n');
}

/** The issue's table: per size and scenario, the action's time over the fastest peer's. */
export function renderSummary(results) {
  const out = [];
  const actions = [
    ...new Set(
      results.sizes.flatMap((size) =>
        Object.keys(size.tools).filter((name) => name.startsWith('action')),
      ),
    ),
  ];
  for (const action of actions) {
    out.push(
      `${action} ÷ fastest peer (peer in brackets); under it, ${action} ÷ rclone and the seconds of each`,
      '',
      `| files | ${SCENARIO_COLUMNS.map(([, title]) => title).join(' | ')} |`,
      `|${' --- |'.repeat(SCENARIO_COLUMNS.length + 1)}`,
    );
    for (const size of results.sizes) {
      const fastest = SCENARIO_COLUMNS.map(([id]) => ratio(size, action, id));
      const rclone = SCENARIO_COLUMNS.map(([id]) => {
        const mine = size.tools[action]?.scenarios[id];
        const theirs = size.tools.rclone?.scenarios[id];
        if (ok(mine) && theirs?.seeded) return '— (rclone seeded, not timed)';
        if (!ok(mine) || !ok(theirs)) return '—';
        return `${(mine.total / theirs.total).toFixed(2)} (${mine.total.toFixed(2)} vs ${theirs.total.toFixed(2)} s)`;
      });
      out.push(`| ${size.files} | ${fastest.join(' | ')} |`);
      out.push(`| ÷ rclone | ${rclone.join(' | ')} |`);
    }
    const rss = results.sizes.map((size) => {
      const entries = Object.values(size.tools[action]?.scenarios ?? {});
      return `${size.files}: ${(Math.max(0, ...entries.map((entry) => entry.peakRssKb ?? 0)) / 1024).toFixed(0)} MiB`;
    });
    out.push('', `${action} peak RSS: ${rss.join(', ')}`, '');
  }
  const seeded = results.sizes
    .map((size) => [
      size.files,
      seededPeers(size, 'first').map((name) =>
        size.tools[name].scenarios.first.seeded.failed ? `${name} (seed failed)` : name,
      ),
    ])
    .filter(([, names]) => names.length > 0);
  if (seeded.length > 0)
    out.push(
      `First deploys seeded, not timed (--seed-peers-above ${results.seedPeersAbove}), so in no ratio: ${seeded.map(([files, names]) => `${names.join(', ')} at ${files} files`).join('; ')}.`,
      '',
    );
  return out.join('\n');
}
