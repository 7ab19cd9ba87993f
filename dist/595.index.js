export const id = 595;
export const ids = [595];
export const modules = {

/***/ 3595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  commentPlan: () => (/* binding */ commentPlan)
});

// UNUSED EXPORTS: explainGitHubError

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
// EXTERNAL MODULE: ./src/report/text.ts
var report_text = __webpack_require__(5655);
;// CONCATENATED MODULE: ./src/report/pull-request-comment.ts



/** GitHub refuses a comment body over 65,536 characters; a body is never shorter in bytes. */
const MAX_COMMENT_BYTES = 65_536;
// CloudFront: the first 1,000 paths a month (per account) are free, then $0.005 a path.
const FREE_PATHS_PER_MONTH = 1000;
const TENTHS_OF_A_CENT_PER_PATH = 5;
// Far enough below max-deletes for a reviewer to act before a real deploy refuses to run.
const NEAR_MAX_DELETES = 0.8;
// Tried in order until the body fits: full lists, short lists, counts only.
const LIMITS = [
    { entries: 50, bytes: 6 * 1024, entryCharacters: 1100 },
    { entries: 10, bytes: 1024, entryCharacters: 200 },
    { entries: 0, bytes: 0, entryCharacters: 0 },
];
/**
 * The hidden first line that finds this target's comment again. One per bucket and prefix, so
 * two deploy steps in one workflow (staging and docs, say) keep a comment each.
 */
function commentMarker(settings) {
    const target = (0,external_node_crypto_.createHash)('sha256').update(`s3://${settings.bucket}/${settings.prefix}`);
    return `<!-- s3-cf-sync plan ${target.digest('hex').slice(0, 16)} -->`;
}
/**
 * The plan as a pull-request comment in GitHub-flavoured Markdown: headline, counts, warnings,
 * the invalidation and its cost, then the changes; always under GitHub's size limit.
 */
function pullRequestComment(result, settings, warnings, source) {
    for (const limits of LIMITS) {
        const body = commentBody(result, settings, warnings, source, limits);
        if (Buffer.byteLength(body) < MAX_COMMENT_BYTES)
            return body;
    }
    // Only a prefix of tens of kilobytes gets here: the heading alone would be too long.
    return `${commentMarker(settings)}\n### s3-cf-sync: ${(0,report_text/* headline */.Pl)(result)}\n\nThe plan is too long for a comment: see the job summary.\n`;
}
function commentBody(result, settings, warnings, source, limits) {
    const upToDate = (0,report_text/* isUpToDate */.xm)(result);
    const blocks = [
        [commentMarker(settings), heading(result, settings)],
        [sourceSentence(result, source)],
        upToDate ? [] : (0,summary/* countsTable */.P)(result.plan),
        warningsBlock(reviewWarnings(result, settings, warnings), limits),
        invalidationSection(result, settings, limits),
        ...changesSections(result, settings, limits),
    ];
    return `${blocks
        .filter((block) => block.length > 0)
        .map((block) => block.join('\n'))
        .join('\n\n')}\n`;
}
function heading(result, settings) {
    const target = `<code>${(0,report_text/* escapeHtml */.ZD)(`s3://${settings.bucket}/${settings.prefix}`)}</code>`;
    const what = (0,report_text/* isUpToDate */.xm)(result) ? 'the site is up to date' : (0,report_text/* headline */.Pl)(result);
    return result.dryRun ? `### Plan for ${target}: ${what}` : `### Deployed to ${target}: ${what}`;
}
function sourceSentence(result, { runUrl, head }) {
    const run = runUrl ? ` by [this workflow run](${runUrl})` : '';
    const commit = head ? ` for commit [${(0,report_text/* escapeHtml */.ZD)(head.sha.slice(0, 7))}](${head.url})` : '';
    const from = run || commit ? ` ${result.dryRun ? 'Planned' : 'Deployed'}${run}${commit}.` : '';
    const record = (0,report_text/* recordSentence */.tC)(result, (text) => `<code>${(0,report_text/* escapeHtml */.ZD)(text)}</code>`);
    const recorded = record ? ` ${record}` : '';
    return result.dryRun
        ? `Dry run: nothing was written. This is what a deploy would do.${from}${recorded}`
        : `Not a dry run: these changes are live.${from}${recorded}`;
}
/** What a reviewer should not miss: deletions near the cap, header rewrites, the deploy's warnings. */
function reviewWarnings(result, settings, logged) {
    const { deletes, headerUpdates } = result.plan;
    const warnings = [];
    if (settings.maxDeletes > 0 && deletes.length >= NEAR_MAX_DELETES * settings.maxDeletes) {
        const share = Math.round((100 * deletes.length) / settings.maxDeletes);
        warnings.push(`${(0,report_text/* plural */.LS)(deletes.length, 'deletion')}: ${share}% of max-deletes (${(0,report_text/* count */.U9)(settings.maxDeletes)}). A deploy with more than ${(0,report_text/* count */.U9)(settings.maxDeletes)} stops before writing anything.`);
    }
    if (headerUpdates.length > 0) {
        const byHeader = new Map();
        for (const update of headerUpdates)
            for (const header of update.differences)
                byHeader.set(header, (byHeader.get(header) ?? 0) + 1);
        const headers = [...byHeader].map(([header, n]) => `${header} on ${(0,report_text/* count */.U9)(n)}`).join(', ');
        warnings.push(`Headers of ${(0,report_text/* plural */.LS)(headerUpdates.length, 'unchanged object')} are rewritten in place: ${headers}.`);
    }
    return [...warnings, ...logged];
}
function warningsBlock(warnings, limits) {
    if (warnings.length === 0)
        return [];
    const { shown, rest } = capped(warnings, limits);
    return [
        '> [!WARNING]',
        ...shown.map((warning) => `> - ${warning}`),
        ...(rest > 0 ? [`> - *and ${(0,report_text/* count */.U9)(rest)} more*`] : []),
    ];
}
/** The invalidations this deploy sends (or would), per distribution: paths, wildcards, cost. */
function invalidationSection(result, settings, limits) {
    const given = settings.autoDistribution ? ['auto'] : settings.distributions;
    if (given.length === 0)
        return ['**CloudFront**: no distribution given, nothing to invalidate.'];
    const sending = result.invalidations.filter((invalidation) => invalidation.paths.length > 0);
    if (sending.length === 0) {
        const distributions = given.map((id) => `<code>${(0,report_text/* escapeHtml */.ZD)(id)}</code>`).join(', ');
        return [
            settings.invalidate === 'none'
                ? `**CloudFront** ${distributions}: not invalidated (invalidate is none).`
                : `**CloudFront** ${distributions}: nothing to invalidate.`,
        ];
    }
    const verb = result.dryRun ? 'would invalidate' : 'invalidated';
    const total = sending.reduce((sum, invalidation) => sum + invalidation.paths.length, 0);
    return [
        ...sending.flatMap((invalidation) => {
            const distribution = `<code>${(0,report_text/* escapeHtml */.ZD)(invalidation.distribution)}</code>`;
            const paths = invalidation.paths.length;
            const how = invalidation.collapsed
                ? `The ${(0,report_text/* plural */.LS)(invalidation.exactPathCount, 'changed URL')} are collapsed into wildcards to fit invalidation-max-paths (${(0,report_text/* count */.U9)(settings.invalidationMaxPaths)}).`
                : settings.invalidate === 'all'
                    ? 'invalidate is all: the whole distribution.'
                    : `Not collapsed: the exact changed URLs fit invalidation-max-paths (${(0,report_text/* count */.U9)(settings.invalidationMaxPaths)}).`;
            return [
                `**CloudFront** ${distribution}: ${verb} ${(0,report_text/* plural */.LS)(paths, 'path')}. ${how}`,
                '',
                ...detailsList(`Invalidation paths (${(0,report_text/* count */.U9)(paths)})`, invalidation.paths, limits, false),
                '',
            ];
        }),
        costSentence(total),
    ];
}
function costSentence(paths) {
    const dollars = formatDollars(paths * TENTHS_OF_A_CENT_PER_PATH);
    return `Cost: CloudFront's first ${(0,report_text/* count */.U9)(FREE_PATHS_PER_MONTH)} paths a month are free (a wildcard counts as one path). If this month's free ${(0,report_text/* count */.U9)(FREE_PATHS_PER_MONTH)} paths are used up, this invalidation costs ${dollars} (${(0,report_text/* plural */.LS)(paths, 'path')} at $0.005).`;
}
/** 35 tenths of a cent -> "$0.035", 15000 -> "$15.00": exact, no floating-point rounding. */
function formatDollars(tenthsOfACent) {
    const dollars = Math.floor(tenthsOfACent / 1000);
    const fraction = String(tenthsOfACent % 1000).padStart(3, '0');
    const shown = fraction.endsWith('0') ? fraction.slice(0, 2) : fraction;
    return `$${(0,report_text/* count */.U9)(dollars)}.${shown}`;
}
/** "Pages that will change" (new, updated, headers), then "What will be deleted", open. */
function changesSections(result, settings, limits) {
    const groups = (0,report_text/* changeGroups */.hu)(result.plan, settings.prefix);
    const changed = groups.filter((group) => group.kind !== 'deleted' && group.changes.length > 0);
    const deleted = groups.find((group) => group.kind === 'deleted')?.changes ?? [];
    const will = result.dryRun ? 'will' : 'did';
    const sections = [];
    if (changed.length > 0)
        sections.push([`#### Pages that ${will} change`], ...changed.map((group) => detailsList(`${group.title} (${(0,report_text/* count */.U9)(group.changes.length)})`, group.changes.map(describeChange), limits, false)));
    if (deleted.length > 0)
        sections.push([result.dryRun ? '#### What will be deleted' : '#### What was deleted'], detailsList(`Deleted (${(0,report_text/* count */.U9)(deleted.length)})`, deleted.map(describeChange), limits, true));
    return sections;
}
function describeChange(change) {
    return change.note ? `${change.path} \u2014 ${change.note}` : change.path;
}
/** A collapsible list of code entries, capped, ending "and 3,912 more" when cut. */
function detailsList(title, entries, limits, open) {
    const { shown, rest } = capped(entries, limits);
    return [
        `<details${open ? ' open' : ''}><summary>${(0,report_text/* escapeHtml */.ZD)(title)}</summary>`,
        '<ul>',
        ...shown.map((entry) => `<li><code>${entry}</code></li>`),
        ...(rest > 0 ? [`<li><em>and ${(0,report_text/* count */.U9)(rest)} more</em></li>`] : []),
        '</ul>',
        '</details>',
    ];
}
/** The first entries, cut and escaped, within the limits; `rest` is how many were left out. */
function capped(entries, limits) {
    const shown = [];
    let bytes = 0;
    for (const entry of entries.slice(0, limits.entries)) {
        const text = (0,report_text/* escapeHtml */.ZD)(shorten(entry, limits.entryCharacters));
        bytes += Buffer.byteLength(text);
        if (bytes > limits.bytes && shown.length > 0)
            break;
        shown.push(text);
    }
    return { shown, rest: entries.length - shown.length };
}
function shorten(text, characters) {
    if (text.length <= characters)
        return text;
    // Never end on half of a surrogate pair.
    return `${text.slice(0, characters).replace(/[\ud800-\udbff]$/, '')}\u2026`;
}

;// CONCATENATED MODULE: ./src/report/pull-request.ts
// Loaded with import() only when a comment is to be written: a deploy without github-token never
// evaluates @actions/github and Octokit.


/**
 * Writes the plan as this target's one comment on the event's pull request: edits the comment
 * an earlier run wrote, else adds one. Never throws: a refusal is a warning, the deploy stands.
 */
async function commentPlan(result, settings, warnings, logger) {
    const number = github/* context */._.payload.pull_request?.number;
    if (typeof number !== 'number') {
        logger.info(`github-token is set, but the ${github/* context */._.eventName} event has no pull request: no comment.`);
        return;
    }
    const pullRequest = { ...github/* context */._.repo, issue_number: number };
    const body = pullRequestComment(result, settings, warnings, sourceOf(pullRequest));
    try {
        const octokit = (0,github/* getOctokit */.Q)(settings.githubToken);
        const id = await findPlanComment(octokit, pullRequest, commentMarker(settings));
        if (id === undefined) {
            const { data } = await octokit.rest.issues.createComment({ ...pullRequest, body });
            logger.info(`Commented the plan on pull request #${number}: ${data.html_url}`);
        }
        else {
            const { data } = await octokit.rest.issues.updateComment({
                ...pullRequest,
                comment_id: id,
                body,
            });
            logger.info(`Updated the plan comment on pull request #${number}: ${data.html_url}`);
        }
    }
    catch (error) {
        logger.warning(explainGitHubError(error, number, settings.githubToken));
    }
}
function sourceOf({ owner, repo, issue_number }) {
    const repository = `${github/* context */._.serverUrl}/${owner}/${repo}`;
    const sha = github/* context */._.payload.pull_request?.head?.sha;
    return {
        runUrl: Number.isFinite(github/* context */._.runId)
            ? `${repository}/actions/runs/${github/* context */._.runId}`
            : undefined,
        head: typeof sha === 'string'
            ? { sha, url: `${repository}/pull/${issue_number}/commits/${sha}` }
            : undefined,
    };
}
/**
 * The comment an earlier run wrote: it starts with this target's marker AND its author is a bot
 * (a workflow's GITHUB_TOKEN writes as github-actions[bot], an app as its own bot) or the
 * token's own account. A person's comment is never edited, even if it quotes the marker.
 */
async function findPlanComment(octokit, pullRequest, marker) {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...pullRequest,
        per_page: 100,
    });
    const marked = comments.filter((comment) => comment.body?.startsWith(marker));
    const byBot = marked.find((comment) => comment.user?.type === 'Bot');
    if (byBot || marked.length === 0)
        return byBot?.id;
    // Only a personal token writes as a user; asked only then (a GITHUB_TOKEN may not call /user).
    const login = await ownLogin(octokit);
    return marked.find((comment) => login !== undefined && comment.user?.login === login)?.id;
}
async function ownLogin(octokit) {
    try {
        return (await octokit.rest.users.getAuthenticated()).data.login;
    }
    catch {
        return undefined;
    }
}
/** One line that says what to change; the status decides, GitHub's own words follow. */
function explainGitHubError(error, number, token) {
    const { status, message } = error;
    // The runner masks the token too; a message that echoed it must not depend on that.
    const said = message ? ` GitHub said: ${token ? message.replaceAll(token, '***') : message}` : '';
    const failed = `Could not comment the plan on pull request #${number}`;
    const unaffected = 'The deploy is unaffected; the plan is in the job summary.';
    if (status === 403 && /rate limit/i.test(message ?? ''))
        return `${failed}: GitHub's rate limit was reached (403). ${unaffected}${said}`;
    if (status === 403)
        return `${failed}: the token may not write comments (403). Add "pull-requests: write" to the job's permissions. On a pull request from a fork the token is read-only whatever the permissions. ${unaffected}${said}`;
    if (status === 401)
        return `${failed}: GitHub did not accept the github-token (401); pass \${{ github.token }} or a valid token. ${unaffected}${said}`;
    if (status === 404)
        return `${failed}: the repository or pull request was not found with this token (404). ${unaffected}${said}`;
    return `${failed}${status ? ` (HTTP ${status})` : ''}. ${unaffected}${said}`;
}


/***/ })

};
