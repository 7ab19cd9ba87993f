#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4006:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(8016);
const utils = __nccwpck_require__(4059);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 5595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 8265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(5595);
const utils = __nccwpck_require__(4059);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 8016:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(1781);
const parse = __nccwpck_require__(8265);
const utils = __nccwpck_require__(4059);
const constants = __nccwpck_require__(5595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 1781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(4059);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(5595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 4059:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(5595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 2827:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7045);

process.exitCode = await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .main */ .iW)(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7045:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  iW: () => (/* binding */ main)
});

// UNUSED EXPORTS: EXIT, VERSION, failed

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __nccwpck_require__(4708);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: ./src/base/xml-text.ts
// XML character data as text, for the few answers read without the SDK's XML parser
// (bucket/list-objects-xml.ts, cloudfront/cloudfront-xml.ts, aws/fast-cloudfront.ts).
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([a-z]+));/g;
const NAMED_ENTITIES = new Map(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }));
/** `raw` with its entities (the five named ones and numeric ones) replaced; throws on others. */
function unescapeXml(raw) {
    return raw.includes('&') ? raw.replace(ENTITY, unescapeEntity) : raw;
}
function unescapeEntity(entity, hex, decimal, name) {
    if (name !== undefined) {
        const character = NAMED_ENTITIES.get(name);
        if (character !== undefined)
            return character;
    }
    else {
        const code = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
        if (code <= 0x10ffff)
            return String.fromCodePoint(code);
    }
    throw new Error(`unknown XML entity ${entity}`);
}

;// CONCATENATED MODULE: ./src/aws/s3-get-target.ts
// The SDK's own test for a DNS-compatible bucket; anything else (and IP-like names, which it
// forces to path style) is left to the SDK.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CONTAINS_IP_ADDRESS = /(\d+\.){3}\d+/;
// A label of a bucket the SDK puts in the host name (3-63 characters, no hyphen at either end).
const HOST_LABEL = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// The SDK's test for an IP address host, which it always addresses path style.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)){3}$/;
// The `aws` partition (amazonaws.com); cn-, us-gov-, iso and eusc regions have other domains.
const AWS_PARTITION_REGION = /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+$/;
// A region the SDK signs with as given: not a pseudo-region such as aws-global or fips-us-east-1
// ('auto' is Cloudflare R2's, signed as it is).
function signsAsGiven(region) {
    return (region === 'auto' || (/^[a-z]{2,}(-[a-z]+)+-\d+$/.test(region) && !region.includes('fips')));
}
// Base path segments that need no encoding, so the path sent is the path the SDK sends.
const PLAIN_BASE_PATH = /^(\/[A-Za-z0-9._~-]+)*\/?$/;
// AWS_* variables that cannot change where a GET goes or how it is signed: the credentials read
// here, the region (the client is given one), and those checked below. Any other AWS_* variable
// (FIPS, dual-stack, AWS_S3_*, auth scheme preference...) sends the read through the SDK.
const UNDERSTOOD_VARIABLES = new Set([
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    // Read with the keys, for their expiry and account: neither changes a GET.
    'AWS_CREDENTIAL_EXPIRATION',
    'AWS_ACCOUNT_ID',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_S3',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    // Read only for the user agent.
    'AWS_EXECUTION_ENV',
    'AWS_SDK_UA_APP_ID',
    // Read only by the instance-metadata credential provider, which the chain never reaches when
    // the environment holds keys, and by the 'auto' defaults mode, which the client does not use.
    'AWS_EC2_METADATA_DISABLED',
    // The AWS CLI's: no file of @aws-sdk or @smithy names them.
    'AWS_CA_BUNDLE',
    'AWS_PAGER',
    'AWS_DEFAULT_OUTPUT',
]);
/** Where the SDK would send this bucket's requests, when that is certain; else undefined. */
function fastS3Target(settings, env, configFileExists) {
    const { bucket, region } = settings;
    const credentials = environmentCredentials(env, configFileExists);
    if (credentials === undefined)
        return undefined;
    // '--' marks S3 Express directory buckets (NAME--ZONE--x-s3) and Outposts aliases (--op-s3),
    // which the SDK routes and signs differently.
    if (!BUCKET_NAME.test(bucket) || bucket.includes('..') || bucket.includes('--'))
        return undefined;
    if (CONTAINS_IP_ADDRESS.test(bucket))
        return undefined;
    if (settings.endpoint !== undefined) {
        // The client is built with { endpoint, forcePathStyle: true }; endpoint_url settings are ignored.
        if (!signsAsGiven(region))
            return undefined;
        const endpoint = plainEndpoint(settings.endpoint);
        if (!endpoint)
            return undefined;
        return { origin: endpoint.origin, pathPrefix: `${endpoint.basePath}/${bucket}`, credentials };
    }
    // Read (and, when not exactly true or false, rejected) by the SDK whenever no endpoint is given.
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== undefined)
        return undefined;
    const configured = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
    if (configured) {
        if (!signsAsGiven(region))
            return undefined;
        return configuredEndpointTarget(configured, bucket, credentials);
    }
    if (!AWS_PARTITION_REGION.test(region))
        return undefined;
    // A dotted name would not match the TLS certificate of *.s3.REGION.amazonaws.com.
    if (bucket.includes('.'))
        return { origin: `https://s3.${region}.amazonaws.com`, pathPrefix: `/${bucket}`, credentials };
    return { origin: `https://${bucket}.s3.${region}.amazonaws.com`, pathPrefix: '', credentials };
}
/**
 * The keys the SDK's default chain would sign with, when they can only be the environment's:
 * no profile, no shared config or credentials file, no AWS_* variable this module does not know.
 */
function environmentCredentials(env, configFileExists) {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey)
        return undefined;
    // With a profile the SDK's default chain skips the environment's keys.
    if (env.AWS_PROFILE)
        return undefined;
    if (!otherVariablesUnderstood(env) || sharedFilesMayExist(env, configFileExists))
        return undefined;
    return {
        accessKeyId,
        secretAccessKey,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
}
/** An endpoint from AWS_ENDPOINT_URL(_S3): used without forcePathStyle, so the SDK chooses. */
function configuredEndpointTarget(configured, bucket, credentials) {
    const endpoint = plainEndpoint(configured);
    // A base path ending in '/' gets a doubled slash before the key when virtual-hosted.
    if (!endpoint || (endpoint.url.pathname.length > 1 && endpoint.url.pathname.endsWith('/')))
        return undefined;
    const { url, origin, basePath } = endpoint;
    const pathStyle = { origin, pathPrefix: `${basePath}/${bucket}`, credentials };
    const isIp = IPV4.test(url.hostname) || url.hostname.startsWith('[');
    const dotted = bucket.includes('.');
    if (isIp)
        return dotted && url.protocol === 'http:' ? undefined : pathStyle;
    // Over https a dotted bucket goes path style; over http each label must be a host label.
    if (dotted &&
        (url.protocol === 'https:' || !bucket.split('.').every((label) => HOST_LABEL.test(label))))
        return pathStyle;
    return { origin: `${url.protocol}//${bucket}.${url.host}`, pathPrefix: basePath, credentials };
}
function plainEndpoint(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return undefined;
    if (url.username || url.password || url.search || url.hash || /[?#]/.test(text))
        return undefined;
    if (!PLAIN_BASE_PATH.test(url.pathname))
        return undefined;
    return {
        url,
        origin: `${url.protocol}//${url.host}`,
        basePath: url.pathname.replace(/\/$/, ''),
    };
}
function otherVariablesUnderstood(env) {
    return Object.keys(env).every((name) => !name.startsWith('AWS_') ||
        UNDERSTOOD_VARIABLES.has(name) ||
        // Endpoints of other services (AWS_ENDPOINT_URL_CLOUDFRONT...) do not touch S3.
        (name.startsWith('AWS_ENDPOINT_URL_') && name !== 'AWS_ENDPOINT_URL_S3'));
}
/**
 * The shared config and credentials files can carry endpoint_url, FIPS and other settings the SDK
 * applies; it reads both, merged, even when the environment holds the keys.
 */
function sharedFilesMayExist(env, configFileExists) {
    // The SDK's home directory; without one it would ask the OS, which this module does not.
    const home = env.HOME || env.USERPROFILE || (env.HOMEPATH && `${env.HOMEDRIVE ?? 'C:\\'}${env.HOMEPATH}`);
    if (!home)
        return true;
    const inHome = (path) => (path.startsWith('~/') ? `${home}/${path.slice(2)}` : path);
    return [
        env.AWS_CONFIG_FILE || `${home}/.aws/config`,
        env.AWS_SHARED_CREDENTIALS_FILE || `${home}/.aws/credentials`,
    ].some((path) => configFileExists(inHome(path)));
}
/** The request for `key` ('' for a listing) at a target, for signS3Request and pathAndQuery. */
function targetRequest(target, key, query) {
    const { protocol, host } = new URL(target.origin);
    return {
        protocol: protocol === 'http:' ? 'http:' : 'https:',
        host,
        path: `${target.pathPrefix}/${key}`,
        query,
    };
}

;// CONCATENATED MODULE: ./src/aws/sigv4.ts

const EMPTY_BODY_SHA256 = (0,external_node_crypto_.createHash)('sha256').update('').digest('hex');
/** RFC 3986 percent-encoding of UTF-8, keeping only the unreserved `A-Za-z0-9-._~`. */
function encodeUriComponentStrictly(text) {
    // encodeURIComponent also keeps !'()*, which SigV4 encodes.
    return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
/** S3 signs the path encoded once, segment by segment; '/' (even doubled) is kept. */
function encodedPath(path) {
    return path.split('/').map(encodeUriComponentStrictly).join('/');
}
function canonicalQuery(query) {
    return Object.entries(query)
        .map(([name, value]) => [encodeUriComponentStrictly(name), encodeUriComponentStrictly(value)])
        .sort(([a = ''], [b = '']) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}=${value}`)
        .join('&');
}
/** The path and query to send, encoded exactly as they are signed. */
function pathAndQuery(request) {
    const query = canonicalQuery(request.query);
    return query ? `${encodedPath(request.path)}?${query}` : encodedPath(request.path);
}
/** A header's value as SigV4 signs it: line breaks and runs of blanks one space, not at the ends. */
function canonicalValue(value) {
    return value
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .replace(/^ | $/g, '');
}
function hmac(key, text) {
    return (0,external_node_crypto_.createHmac)('sha256', key).update(text, 'utf8').digest();
}
/** The headers that authenticate `request`, to send with it (and no others that need signing). */
function signS3Request(request, credentials, region, now) {
    const longDate = now
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
    const shortDate = longDate.slice(0, 8);
    const payloadSha256 = request.payloadSha256 ?? EMPTY_BODY_SHA256;
    const service = request.service ?? 's3';
    const headers = {
        ...request.headers,
        host: request.host,
        'x-amz-content-sha256': payloadSha256,
        'x-amz-date': longDate,
        ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    };
    // SigV4 lists the (lower-case) names in code-point order.
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(';');
    const canonicalRequest = [
        request.method ?? 'GET',
        encodedPath(request.path),
        canonicalQuery(request.query),
        ...names.map((name) => `${name}:${canonicalValue(headers[name] ?? '')}`),
        '',
        signedHeaders,
        payloadSha256,
    ].join('\n');
    const scope = `${shortDate}/${region}/${service}/aws4_request`;
    const stringToSign = [
        'AWS4-HMAC-SHA256',
        longDate,
        scope,
        (0,external_node_crypto_.createHash)('sha256').update(canonicalRequest, 'utf8').digest('hex'),
    ].join('\n');
    let signingKey = hmac(`AWS4${credentials.secretAccessKey}`, shortDate);
    for (const part of [region, service, 'aws4_request'])
        signingKey = hmac(signingKey, part);
    const signature = hmac(signingKey, stringToSign).toString('hex');
    headers.authorization =
        `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
            `SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
}

;// CONCATENATED MODULE: ./src/aws/fast-s3.ts






/** Our requests, as the server's logs name them. */
const USER_AGENT = 's3-cf-sync';
function createFastS3(settings, agents, idleTimeoutMs, log, env = process.env) {
    const target = fastS3Target(settings, env, external_node_fs_.existsSync);
    if (target === undefined) {
        log?.debug('The bucket is read and written through the SDK: its credentials or endpoint are not from the environment alone.');
        return undefined;
    }
    let stopped = false;
    /** Our request, or undefined once stopped; a transient failure stops and is thrown. */
    const exchange = async (request, body, unsigned = {}) => {
        if (stopped)
            return undefined;
        const signed = signedAt(target.origin, target.credentials, settings.region, request, new Date(), unsigned);
        try {
            const answer = await send(signed, body, agents, idleTimeoutMs);
            const { status } = answer;
            if ((status >= 500 && status !== 501) || status === 429) {
                fast.stop(`${request.method} ${signed.path} was answered ${status}.`);
                throw transientError(answer);
            }
            return { answer, path: signed.path };
        }
        catch (error) {
            fast.stop(error instanceof Error ? error.message : String(error));
            throw error;
        }
    };
    const fast = {
        async get(key, query) {
            const request = { ...targetRequest(target, key, query), method: 'GET' };
            const sent = await exchange(request, undefined);
            if (sent === undefined)
                return undefined;
            const { status } = sent.answer;
            if ((status >= 200 && status < 300) || status === 404)
                return sent.answer;
            fast.stop(`GET ${sent.path} was answered ${status}.`);
            return undefined;
        },
        async put(key, body, { contentType, contentMd5, cacheControl, acl }) {
            const request = {
                ...targetRequest(target, key, {}),
                method: 'PUT',
                headers: {
                    'content-length': String(body.length),
                    'content-md5': contentMd5,
                    'content-type': contentType,
                    ...(acl ? { 'x-amz-acl': acl } : {}),
                },
                payloadSha256: (0,external_node_crypto_.createHash)('sha256').update(body).digest('hex'),
            };
            // The SDK leaves Cache-Control unsigned too.
            const sent = await exchange(request, body, cacheControl ? { 'cache-control': cacheControl } : {});
            if (sent === undefined)
                return undefined;
            const { status } = sent.answer;
            if (status >= 200 && status < 300)
                return sent.answer;
            fast.stop(`PUT ${sent.path} was answered ${status}.`);
            return undefined;
        },
        stop(why) {
            if (stopped)
                return;
            stopped = true;
            log?.debug(`Reading and writing the bucket through the SDK from now on: ${why}`);
        },
    };
    return fast;
}
/** A 5xx or 429 as the retry helper and the log name it: the answer's <Code>, and its status. */
function transientError({ status, body }) {
    const code = /<Code>([^<]*)<\/Code>/.exec(body.toString('utf8'))?.[1] || `HTTP ${status}`;
    return Object.assign(new Error(code), { name: code, $metadata: { httpStatusCode: status } });
}
/** `request` signed, as it goes to `origin`; `unsigned` headers beside the signed ones. */
function signedAt(origin, credentials, region, request, now, unsigned = {}) {
    const { hostname, port } = new URL(origin);
    return {
        method: request.method ?? 'GET',
        protocol: request.protocol,
        // An IPv6 address without its brackets, as http.request wants it.
        hostname: hostname.replace(/^\[(.*)\]$/, '$1'),
        port,
        path: pathAndQuery(request),
        headers: { ...unsigned, ...signS3Request(request, credentials, region, now) },
    };
}
function send(signed, body, agents, idleTimeoutMs) {
    const secure = signed.protocol === 'https:';
    const request = secure ? external_node_https_.request : external_node_http_.request;
    return new Promise((resolve, reject) => {
        // The path as signed, sent as it is: a URL object would resolve `..` segments of a key.
        const sent = request({
            method: signed.method,
            protocol: signed.protocol,
            hostname: signed.hostname,
            port: signed.port,
            path: signed.path,
            // Unsigned: a name for the server's logs, as the SDK's `aws-sdk-js/...`.
            headers: { ...signed.headers, 'user-agent': USER_AGENT },
            agent: secure ? agents.https : agents.http,
            // An idle limit, as the SDK's socketTimeout: a stalled read is cut, then retried there.
            timeout: idleTimeoutMs,
        });
        // Both failures below are transient to the retry helper, as the SDK's are.
        sent.on('timeout', () => sent.destroy(Object.assign(new Error(`no byte for ${idleTimeoutMs} ms`), { name: 'TimeoutError' })));
        sent.on('error', reject);
        sent.on('response', (response) => {
            const chunks = [];
            response.on('data', (chunk) => chunks.push(chunk));
            response.on('error', reject);
            // Closed before its last byte: a connection dropped mid-answer (after 'end', a no-op).
            response.on('close', () => {
                if (!response.complete)
                    reject(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
            });
            response.on('end', () => resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: Buffer.concat(chunks),
            }));
        });
        sent.end(body);
    });
}

;// CONCATENATED MODULE: ./src/aws/fast-cloudfront.ts





// Refusals of the request itself, not of what it asks: the SDK is to send it, and explain them.
const SIGNATURE_ERRORS = new Set([
    'SignatureDoesNotMatch',
    'IncompleteSignature',
    'InvalidSignatureException',
    'MissingAuthenticationToken',
]);
/**
 * An error answer as the SDK's client throws it (name the <Code>, message the <Message>, the
 * status), for the retry policy and the explanation (src/aws/explain-error.ts) to read as
 * theirs: TooManyInvalidationsInProgress is waited out, AccessDenied names the permission.
 * Undefined for an answer without a code, or one about the signature: the SDK sends it again.
 */
function cloudFrontErrorOf({ status, body }) {
    const xml = body.toString('utf8');
    const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
    if (!code || SIGNATURE_ERRORS.has(code))
        return undefined;
    const message = /<Message>([^<]*)<\/Message>/.exec(xml)?.[1] || code;
    return Object.assign(new Error(readableText(message)), {
        name: code,
        $fault: status >= 500 ? 'server' : 'client',
        $metadata: { httpStatusCode: status },
    });
}
/** A message's text; as it came when it holds an entity XML does not know. */
function readableText(raw) {
    try {
        return unescapeXml(raw);
    }
    catch {
        return raw;
    }
}
/** The API version in every path, as the SDK's client sends it. */
const CLOUDFRONT_API = '/2020-05-31';
// CloudFront is global: the client is built for us-east-1, and signs there.
const REGION = 'us-east-1';
// Paths the SDK sends as they are: it encodes the paths of services other than S3 twice.
const PLAIN_PATH = /^(\/[A-Za-z0-9._~-]+)+$/;
/** Where the SDK's CloudFront client would send its calls, and with which keys; else undefined. */
function fastCloudFrontTarget(env, configFileExists) {
    const credentials = environmentCredentials(env, configFileExists);
    if (credentials === undefined)
        return undefined;
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== undefined)
        return undefined;
    const configured = env.AWS_ENDPOINT_URL_CLOUDFRONT || env.AWS_ENDPOINT_URL;
    if (!configured)
        return { origin: 'https://cloudfront.amazonaws.com', credentials };
    const endpoint = plainEndpoint(configured);
    // A base path would go before the API's: left to the SDK.
    if (endpoint?.basePath !== '')
        return undefined;
    return { origin: endpoint.origin, credentials };
}
/** The request as sent: signed as the SDK's CloudFront client signs it. */
function signedCloudFrontRequest({ origin, credentials }, method, path, body, now) {
    const url = new URL(origin);
    const request = {
        method,
        service: 'cloudfront',
        protocol: url.protocol === 'http:' ? 'http:' : 'https:',
        host: url.host,
        path,
        query: {},
        ...(body
            ? {
                headers: { 'content-length': String(body.length), 'content-type': 'application/xml' },
                payloadSha256: (0,external_node_crypto_.createHash)('sha256').update(body).digest('hex'),
            }
            : {}),
    };
    return signedAt(origin, credentials, REGION, request, now);
}
function createFastCloudFront(agents, idleTimeoutMs, log, env = process.env) {
    const target = fastCloudFrontTarget(env, external_node_fs_.existsSync);
    if (target === undefined) {
        log?.debug('CloudFront is called through the SDK: its credentials or endpoint are not from the environment alone.');
        return undefined;
    }
    let stopped = false;
    const stop = (why) => {
        if (stopped)
            return;
        stopped = true;
        log?.debug(`Calling CloudFront through the SDK from now on: ${why}`);
    };
    const call = async (method, path, body) => {
        if (stopped || !PLAIN_PATH.test(path))
            return undefined;
        const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
        const signed = signedCloudFrontRequest(target, method, path, bytes, new Date());
        let answer;
        try {
            answer = await send(signed, bytes, agents, idleTimeoutMs);
        }
        catch (error) {
            stop(error instanceof Error ? error.message : String(error));
            throw error;
        }
        const { status } = answer;
        if (status >= 200 && status < 300)
            return answer;
        const error = cloudFrontErrorOf(answer);
        if (error)
            throw error;
        stop(`${method} ${path} was answered ${status}.`);
        if ((status >= 500 && status !== 501) || status === 429)
            throw transientError(answer);
        return undefined;
    };
    return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

;// CONCATENATED MODULE: ./src/aws/clients.ts




/**
 * A connection that neither sends nor receives a byte for this long is cut, and the request
 * retried. It is an idle limit, not a deadline: an upload that keeps moving on a slow link is
 * never cut. It must outlast the bytes still in the socket buffers when the last write was
 * accepted (Linux lets the send buffer grow to 4 MiB: 32 s at 1 Mbit/s) plus S3's reply.
 */
const IDLE_TIMEOUT_MS = 120_000;
/**
 * Builds both clients once, each on its first call. Credentials come only from the SDK's
 * standard chain. Retries are ours (src/aws/retry.ts), so the SDK makes one attempt per call.
 */
function createClients(settings, log, idleTimeoutMs = IDLE_TIMEOUT_MS) {
    // The SDK's own warnings (e.g. about retrying a streamed body, which our retry does) go to debug.
    // Only text is passed on: the SDK also logs live objects (sockets) that cannot be serialised.
    // Without one the SDK keeps its no-op logger, which also spares it building a redacted copy
    // of every request and response to log: a quarter of the garbage of a PutObject.
    const toDebug = (...parts) => {
        const text = parts.filter((part) => typeof part === 'string' && part !== '').join(' ');
        if (text)
            log?.debug(text);
    };
    const logger = log
        ? { logger: { debug: toDebug, info: toDebug, warn: toDebug, error: toDebug } }
        : {};
    const agentOptions = { keepAlive: true, maxSockets: settings.concurrency + 4 };
    const agents = { http: new external_node_http_.Agent(agentOptions), https: new external_node_https_.Agent(agentOptions) };
    let loaded;
    const s3 = {
        async call(use) {
            // A chunk of its own in the bundle (dist/NNN.index.js), read only here.
            loaded ??= Promise.all(/* import() */[__nccwpck_require__.e(861), __nccwpck_require__.e(711), __nccwpck_require__.e(15)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1015)).then((chunk) => [
                chunk.newS3Client(settings, logger, agents, idleTimeoutMs),
                chunk.S3Sdk,
            ]);
            const [client, sdk] = await loaded;
            return use(client, sdk);
        },
    };
    const fast = createFastS3(settings, agents, idleTimeoutMs, log);
    const fastCloudFront = createFastCloudFront(agents, idleTimeoutMs, log);
    return { s3, cloudFront: lazyCloudFront(logger), fast, fastCloudFront };
}
function lazyCloudFront(logger) {
    let loaded;
    return {
        async call(use) {
            // A chunk of its own in the bundle (dist/NNN.index.js), read only here.
            loaded ??= Promise.all(/* import() */[__nccwpck_require__.e(861), __nccwpck_require__.e(169)]).then(__nccwpck_require__.t.bind(__nccwpck_require__, 3169, 19)).then((sdk) => [
                // CloudFront is a global service signed in us-east-1.
                new sdk.CloudFrontClient({ ...logger, region: 'us-east-1', maxAttempts: 1 }),
                sdk,
            ]);
            const [client, sdk] = await loaded;
            return use(client, sdk);
        },
    };
}

;// CONCATENATED MODULE: ./src/base/concurrency.ts
/**
 * Runs `task` over `items` with at most `limit` in flight, keeping results in order.
 * After the first failure no new task starts; the in-flight ones finish, then it throws.
 */
async function mapConcurrent(items, limit, task) {
    const results = new Array(items.length);
    let next = 0;
    let failure;
    const worker = async () => {
        while (failure === undefined && next < items.length) {
            const index = next++;
            try {
                results[index] = await task(items[index], index);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure)
        throw failure.error;
    return results;
}
/** A counting semaphore: bounds how many part buffers exist at once across all uploads. */
class Semaphore {
    available;
    waiting = [];
    constructor(permits) {
        this.available = permits;
    }
    async use(task) {
        if (this.available > 0)
            this.available -= 1;
        else
            await new Promise((resolve) => this.waiting.push(resolve));
        try {
            return await task();
        }
        finally {
            const wake = this.waiting.shift();
            if (wake)
                wake();
            else
                this.available += 1;
        }
    }
}
/**
 * Buffers lent out one per task, at most `count` at once: bounded memory and no garbage per
 * file. They are made on first need, so a deploy that reads no file through the pool (an
 * unchanged site of small files) never holds them.
 */
class BufferPool {
    size;
    free = [];
    slots;
    constructor(count, size) {
        this.size = size;
        this.slots = new Semaphore(count);
    }
    use(task) {
        return this.slots.use(async () => {
            // A slot is held, so fewer than `count` buffers are lent: one is free, or may be made.
            const buffer = this.free.pop() ?? Buffer.allocUnsafe(this.size);
            try {
                return await task(buffer);
            }
            finally {
                this.free.push(buffer);
            }
        });
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(1455);
;// CONCATENATED MODULE: ./src/local/hashing.ts



const MiB = 1024 * 1024;
/** Files below this are read whole into a pooled buffer, hashed, and sent from memory. */
const SMALL_FILE_BYTES = MiB;
/**
 * Hex MD5 of a file, read through `buffer` (one read for a small file). Reusing a buffer per
 * worker keeps tens of thousands of files from leaving as many buffers for the GC.
 */
async function md5OfFile(path, buffer = Buffer.allocUnsafe(MiB)) {
    const hash = (0,external_node_crypto_.createHash)('md5');
    const file = await (0,promises_.open)(path, 'r');
    try {
        for (;;) {
            const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buffer.subarray(0, bytesRead));
        }
    }
    finally {
        await file.close();
    }
    return hash.digest('hex');
}
/** The same for a small file, synchronously: no thread hop per call (see listLocalFiles). */
function md5OfFileSync(path, buffer) {
    const hash = (0,external_node_crypto_.createHash)('md5');
    const file = (0,external_node_fs_.openSync)(path, 'r');
    try {
        for (;;) {
            const bytesRead = (0,external_node_fs_.readSync)(file, buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                break;
            hash.update(buffer.subarray(0, bytesRead));
        }
    }
    finally {
        (0,external_node_fs_.closeSync)(file);
    }
    return hash.digest('hex');
}
function hexToBase64(hex) {
    return Buffer.from(hex, 'hex').toString('base64');
}
/** The ETag S3 gives an object uploaded in parts: `md5(concat(binary md5 of each part))-N`. */
function multipartEtagOf(partDigests) {
    return `${(0,external_node_crypto_.createHash)('md5').update(Buffer.concat(partDigests)).digest('hex')}-${partDigests.length}`;
}
/** The N of a multipart ETag `md5-N`; undefined for plain ones. */
function multipartPartCount(etag) {
    const match = /^[0-9a-f]{32}-(\d+)$/.exec(etag);
    return match ? Number(match[1]) : undefined;
}
/** The part size this action uses for its own multipart uploads of a file of `size` bytes. */
function ownPartSize(size) {
    // S3 allows at most 10,000 parts; grow the part in whole MiB beyond 80 GB files.
    return Math.max(8 * MiB, Math.ceil(size / 10_000 / MiB) * MiB);
}
const KNOWN_PART_SIZES_MIB = [8, 5, 15, 16, 10, 25, 32, 50, 64, 100, 128];
const MAX_CANDIDATES = 24;
/**
 * The part sizes that could have produced an N-part ETag for a file of `size` bytes:
 * those of this action and of the common tools first (aws cli 8 MiB, s3cmd 15 MiB,
 * rclone and lib-storage 5 MiB), then other whole MiB values, while they are few.
 */
function candidatePartSizes(size, parts) {
    const fits = (partSize) => Math.ceil(size / partSize) === parts;
    const sizes = new Set([
        ownPartSize(size),
        ...KNOWN_PART_SIZES_MIB.map((mib) => mib * MiB),
    ]);
    const low = Math.max(1, Math.ceil(size / parts / MiB));
    for (let mib = low; mib < low + MAX_CANDIDATES; mib++) {
        sizes.add(mib * MiB);
    }
    return [...sizes].filter(fits);
}
/**
 * Computes, in one pass over the file, the multipart ETag for each candidate part size,
 * and returns the one equal to `etag` if any: then the content is the same without a download.
 */
async function matchMultipartEtag(path, size, etag) {
    const parts = multipartPartCount(etag);
    if (parts === undefined)
        return undefined;
    const trackers = candidatePartSizes(size, parts).map((partSize) => new PartHasher(partSize));
    if (trackers.length === 0)
        return undefined;
    for await (const chunk of (0,external_node_fs_.createReadStream)(path, {
        highWaterMark: MiB,
    })) {
        for (const tracker of trackers)
            tracker.update(chunk);
    }
    return trackers.map((tracker) => tracker.etag()).find((candidate) => candidate === etag);
}
class PartHasher {
    partSize;
    partDigests = [];
    part = (0,external_node_crypto_.createHash)('md5');
    filled = 0;
    constructor(partSize) {
        this.partSize = partSize;
    }
    update(chunk) {
        let offset = 0;
        while (offset < chunk.length) {
            const take = Math.min(this.partSize - this.filled, chunk.length - offset);
            this.part.update(chunk.subarray(offset, offset + take));
            this.filled += take;
            offset += take;
            if (this.filled === this.partSize)
                this.closePart();
        }
    }
    etag() {
        if (this.filled > 0)
            this.closePart();
        return multipartEtagOf(this.partDigests);
    }
    closePart() {
        this.partDigests.push(this.part.digest());
        this.part = (0,external_node_crypto_.createHash)('md5');
        this.filled = 0;
    }
}

;// CONCATENATED MODULE: ./src/aws/retry.ts
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** S3 and CloudFront defaults: 6 attempts, equal-jitter backoff from 250 ms up to 20 s. */
const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 250, maxDelayMs: 20_000 };
/** Calls `operation` until it succeeds, a non-retryable error occurs, or attempts/time run out. */
async function withRetry(operation, options = DEFAULT_RETRY) {
    const wait = options.sleep ?? sleep;
    const now = options.now ?? Date.now;
    const random = options.random ?? Math.random;
    const retryable = options.isRetryable ?? isTransientError;
    const started = now();
    for (let attempt = 1;; attempt++) {
        try {
            return await operation();
        }
        catch (error) {
            const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
            const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
            const outOfTime = options.deadlineMs !== undefined && now() - started + delay > options.deadlineMs;
            if (attempt >= options.attempts || outOfTime || !retryable(error))
                throw error;
            options.onRetry?.(error, attempt, delay);
            await wait(delay);
        }
    }
}
const TRANSIENT_CODES = new Set([
    'SlowDown',
    'Throttling',
    'ThrottlingException',
    'TooManyRequestsException',
    'RequestTimeout',
    'RequestTimeoutException',
    'InternalError',
    'ServiceUnavailable',
    'TimeoutError',
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'socket hang up',
]);
/** 5xx, throttling, timeouts and dropped connections: worth another try. */
function isTransientError(error) {
    if (typeof error !== 'object' || error === null)
        return false;
    const candidate = error;
    const status = candidate.$metadata?.httpStatusCode ?? 0;
    // 501 NotImplemented is an answer, not a hiccup: the endpoint lacks the feature.
    if (status === 501 || candidate.name === 'NotImplemented')
        return false;
    if (status >= 500 || status === 429)
        return true;
    return [candidate.name, candidate.code, candidate.Code, candidate.message].some((value) => value !== undefined && TRANSIENT_CODES.has(value));
}

;// CONCATENATED MODULE: ./src/aws/create-context.ts



function createDeployContext(settings, clients, logger, clock = { sleep: sleep, now: Date.now }) {
    return {
        settings,
        ...clients,
        logger,
        retry: { ...DEFAULT_RETRY, sleep: clock.sleep, now: clock.now },
        partSlots: new Semaphore(settings.concurrency),
        buffers: new BufferPool(settings.concurrency, SMALL_FILE_BYTES),
        sleep: clock.sleep,
        now: clock.now,
    };
}

;// CONCATENATED MODULE: ./src/aws/permissions.ts
/** `s3:ListBucket` is a bucket action: its resource is the bucket ARN, with no `/*`. */
function bucketArn(settings) {
    return `arn:aws:s3:::${settings.bucket}`;
}
/** Object actions apply to keys: every key under the prefix (or in the bucket). */
function objectsArn(settings) {
    return `arn:aws:s3:::${settings.bucket}/${settings.prefix}*`;
}
/** The deploy records (.s3-cf-sync.deploy.ID.json) at the prefix: pruning deletes only these. */
function recordsArn(settings) {
    return `arn:aws:s3:::${settings.bucket}/${settings.prefix}.s3-cf-sync.deploy.*`;
}
/** The account ID is part of a CloudFront ARN but unknown here, so `*` stands for it. */
function distributionArn(distributionId) {
    return `arn:aws:cloudfront::*:distribution/${distributionId}`;
}
/** The distributions a deploy may touch: the given IDs, or with `auto` any of the account's. */
function distributionArns(settings) {
    return settings.autoDistribution
        ? [distributionArn('*')]
        : settings.distributions.map(distributionArn);
}
const ACCOUNT_NOTE = 'the account ID in the ARN is "*" because this action cannot know it';
/** The IAM actions and exact resource ARNs one operation needs with these settings. */
function permissionsFor(operation, settings) {
    const objects = objectsArn(settings);
    const onObjects = (action, why) => ({
        action,
        resource: objects,
        why,
    });
    const aclNeed = settings.acl
        ? [
            onObjects('s3:PutObjectAcl', `the "acl" input sets the ACL "${settings.acl}" on every write`),
        ]
        : [];
    const carriedAclNeed = onObjects('s3:PutObjectAcl', 'sends a public or shared ACL again when headers are rewritten, because S3 never copies ACLs');
    switch (operation) {
        case 'ListObjectsV2':
            return [
                {
                    action: 's3:ListBucket',
                    resource: bucketArn(settings),
                    why: 'lists the objects already deployed',
                },
            ];
        case 'HeadObject':
            return [
                onObjects('s3:GetObject', 'reads the headers of deployed objects to find header changes'),
            ];
        case 'GetObject':
            return [
                onObjects('s3:GetObject', `reads the deploy state file ${settings.prefix}.s3-cf-sync.json and the deploy records`),
            ];
        case 'PutObject':
            return [
                onObjects('s3:PutObject', 'uploads new and changed files, the deploy state file and the deploy record'),
                ...aclNeed,
            ];
        case 'CopyObject':
        case 'UploadPartCopy':
            if (settings.rollbackTo)
                return rollbackCopyNeeds(settings, aclNeed, onObjects);
            return [
                onObjects('s3:GetObject', 'reads the source when headers are rewritten by copying an object onto itself'),
                onObjects('s3:PutObject', 'writes the copy when headers are rewritten by copying an object onto itself'),
                ...(settings.acl ? aclNeed : [carriedAclNeed]),
            ];
        case 'GetObjectAcl':
            return [
                onObjects('s3:GetObjectAcl', 'reads the ACL of an object before its headers are rewritten, because S3 never copies ACLs (with the "acl" input set, it is not read)'),
            ];
        case 'CreateMultipartUpload':
            return [
                onObjects('s3:PutObject', 'starts the upload of a file above multipart-threshold, or the copy of an object above 5 GiB'),
                ...(settings.acl ? aclNeed : [carriedAclNeed]),
            ];
        case 'UploadPart':
            return [onObjects('s3:PutObject', 'uploads one part of a large file')];
        case 'CompleteMultipartUpload':
            return [onObjects('s3:PutObject', 'assembles the uploaded parts of a large file')];
        case 'AbortMultipartUpload':
            return [
                onObjects('s3:AbortMultipartUpload', 'discards the parts of a failed upload, which are billed until aborted'),
            ];
        case 'DeleteObjects':
            return deleteNeeds(settings, onObjects);
        case 'GetBucketVersioning':
            return [
                {
                    action: 's3:GetBucketVersioning',
                    resource: bucketArn(settings),
                    why: 'a rollback checks that the bucket keeps versions before anything is written',
                },
            ];
        case 'ListObjectVersions':
            return [
                {
                    action: 's3:ListBucketVersions',
                    resource: bucketArn(settings),
                    why: 'a rollback lists the versions under the prefix to find the recorded ones',
                },
            ];
        case 'GetDistributionConfig':
            return cloudFrontNeed(settings, 'cloudfront:GetDistributionConfig', 'checks before anything is written that the distribution serves this bucket, and reads its origin paths and default root object');
        case 'ListDistributions':
            // ListDistributions cannot be limited to some distributions: IAM only allows it on "*".
            return settings.autoDistribution
                ? [
                    {
                        action: 'cloudfront:ListDistributions',
                        resource: '*',
                        why: 'distribution "auto" looks for the distributions whose origin is this bucket; this action is only granted on "*"',
                    },
                ]
                : [];
        case 'ListInvalidations':
            return cloudFrontNeed(settings, 'cloudfront:ListInvalidations', 'checks that the distribution exists when cloudfront:GetDistributionConfig is not allowed');
        case 'CreateInvalidation':
            return cloudFrontNeed(settings, 'cloudfront:CreateInvalidation', 'clears the CloudFront cache of changed paths');
        case 'GetInvalidation':
            return cloudFrontNeed(settings, 'cloudfront:GetInvalidation', 'waits for the invalidation to complete');
    }
}
/** A rollback copies recorded versions back: reading an old version is s3:GetObjectVersion. */
function rollbackCopyNeeds(settings, aclNeed, onObjects) {
    return [
        onObjects('s3:GetObjectVersion', 'reads the recorded version that a rollback copies back'),
        onObjects('s3:PutObject', 'writes the copy of the recorded version over the current object'),
        ...(settings.acl
            ? aclNeed
            : [
                onObjects('s3:PutObjectAcl', 'sends the recorded ACL with the copy (S3 never copies ACLs)'),
            ]),
    ];
}
/** Removed files (delete-removed, or keys a rollback takes out), and old deploy records. */
function deleteNeeds(settings, onObjects) {
    if (settings.deleteRemoved || settings.rollbackTo)
        return [
            onObjects('s3:DeleteObject', `deletes ${settings.rollbackTo ? 'the keys later deploys added' : 'removed files'}; DeleteObjects is authorised per key as s3:DeleteObject`),
        ];
    return [
        {
            action: 's3:DeleteObject',
            resource: recordsArn(settings),
            why: "removes the deploy records beyond keep-deploys, and the record of an attempt that lost the race for the deploy lock (only those: the site's files are never deleted without delete-removed)",
        },
    ];
}
function cloudFrontNeed(settings, action, why) {
    // Without a distribution this operation is never sent.
    return distributionArns(settings).map((resource) => ({
        action,
        resource,
        why: `${why}; ${ACCOUNT_NOTE}`,
    }));
}

;// CONCATENATED MODULE: ./src/aws/operations.ts

// Which calls a deploy (or a dry run, or a rollback) with these settings may send: the policy
// grants what permissions.ts says each of them needs, and nothing else.
/** True when the deploy talks to CloudFront at all. */
function usesCloudFront(settings) {
    if (distributionArns(settings).length === 0)
        return false;
    return settings.invalidate !== 'none' || settings.invalidateExtraPaths.length > 0;
}
/** Every operation a deploy with these settings may send, in a fixed order. */
function operationsFor(settings) {
    if (settings.rollbackTo)
        return rollbackOperations(settings);
    // A dry run lists, reads the state file, headers (and ACLs of objects to rewrite), and reads
    // each distribution's config to check it serves the bucket.
    if (settings.dryRun)
        return [
            'ListObjectsV2',
            'HeadObject',
            'GetObject',
            ...(settings.acl ? [] : ['GetObjectAcl']),
            ...dryRunCloudFront(settings),
        ];
    const operations = [
        'ListObjectsV2',
        'HeadObject',
        'GetObject',
        'PutObject',
        'CopyObject',
        ...(settings.acl ? [] : ['GetObjectAcl']),
        'CreateMultipartUpload',
        'UploadPart',
        'UploadPartCopy',
        'CompleteMultipartUpload',
        'AbortMultipartUpload',
    ];
    if (settings.deleteRemoved || (settings.keepDeploys ?? 0) > 0)
        operations.push('DeleteObjects');
    operations.push(...writeCloudFront(settings));
    return operations;
}
/** A rollback reads the records, the versioning and the versions, then copies, deletes, invalidates. */
function rollbackOperations(settings) {
    const reads = [
        'ListObjectsV2',
        'GetObject',
        'GetBucketVersioning',
        'ListObjectVersions',
    ];
    if (settings.dryRun)
        return [...reads, ...dryRunCloudFront(settings)];
    return [
        ...reads,
        'PutObject',
        'CopyObject',
        'CreateMultipartUpload',
        'UploadPartCopy',
        'CompleteMultipartUpload',
        'AbortMultipartUpload',
        'DeleteObjects',
        ...writeCloudFront(settings),
    ];
}
function writeCloudFront(settings) {
    const operations = [];
    if (usesCloudFront(settings)) {
        // ListInvalidations only stands in for a denied GetDistributionConfig: this policy allows that.
        if (settings.autoDistribution)
            operations.push('ListDistributions');
        operations.push('GetDistributionConfig', 'CreateInvalidation');
        if (settings.waitForInvalidation)
            operations.push('GetInvalidation');
    }
    return operations;
}
function dryRunCloudFront(settings) {
    if (!usesCloudFront(settings))
        return [];
    return settings.autoDistribution
        ? ['ListDistributions', 'GetDistributionConfig']
        : ['GetDistributionConfig'];
}

;// CONCATENATED MODULE: ./src/aws/policy.ts


// Statement order and names are fixed, so the printed policy never changes without a cause.
const STATEMENT_OF_ACTION = {
    's3:ListBucket': 'ListBucket',
    's3:ListBucketVersions': 'ListBucket',
    // No s3:prefix in its request context: the ListBucket statement's condition would refuse it.
    's3:GetBucketVersioning': 'BucketVersioning',
    's3:GetObject': 'ObjectRead',
    's3:GetObjectVersion': 'ObjectRead',
    's3:GetObjectAcl': 'ObjectRead',
    's3:PutObject': 'ObjectWrite',
    's3:PutObjectAcl': 'ObjectWrite',
    's3:AbortMultipartUpload': 'ObjectWrite',
    's3:DeleteObject': 'ObjectDelete',
    'cloudfront:ListDistributions': 'FindDistributions',
    'cloudfront:GetDistributionConfig': 'Invalidate',
    'cloudfront:ListInvalidations': 'Invalidate',
    'cloudfront:CreateInvalidation': 'Invalidate',
    'cloudfront:GetInvalidation': 'Invalidate',
};
const STATEMENT_ORDER = [
    'ListBucket',
    'BucketVersioning',
    'ObjectRead',
    'ObjectWrite',
    'ObjectDelete',
    'FindDistributions',
    'Invalidate',
];
/** The least-privilege IAM policy for a deploy with these settings. */
function minimalPolicy(settings) {
    const groups = new Map();
    for (const need of operationsFor(settings).flatMap((operation) => permissionsFor(operation, settings))) {
        const sid = STATEMENT_OF_ACTION[need.action] ?? 'Other';
        const group = groups.get(sid) ?? { actions: new Set(), resources: new Set() };
        group.actions.add(need.action);
        group.resources.add(need.resource);
        groups.set(sid, group);
    }
    const Statement = [...STATEMENT_ORDER, 'Other'].flatMap((sid) => {
        const group = groups.get(sid);
        if (!group)
            return [];
        const base = { Sid: sid, Effect: 'Allow', ...actionsAndResources(group) };
        return [
            sid === 'ListBucket' && settings.prefix
                ? { ...base, Condition: prefixCondition(settings) }
                : base,
        ];
    });
    return { Version: '2012-10-17', Statement };
}
/**
 * ListObjectsV2 sends s3:prefix = the prefix itself ('blog/'). S3 also checks ListBucket,
 * with the key as s3:prefix, to answer 404 rather than 403 for a missing key such as the
 * state file ('blog/.s3-cf-sync.json'). Both patterns below match exactly those.
 */
function prefixCondition(settings) {
    return { StringLike: { 's3:prefix': [settings.prefix, `${settings.prefix}*`] } };
}
function actionsAndResources(group) {
    const resources = [...group.resources].sort();
    return {
        Action: [...group.actions].sort(),
        Resource: resources.length === 1 && resources[0] !== undefined ? resources[0] : resources,
    };
}
/** What a person must know about the printed policy that JSON cannot say. */
function policyNotes(settings) {
    return [kmsNote(settings), ...autoDistributionNotes(settings)];
}
/** What a bucket encrypted with a customer managed KMS key needs besides; only AWS knows the key. */
function kmsStatement(keyArn = 'arn:aws:kms:REGION:ACCOUNT:key/KEY-ID') {
    return JSON.stringify({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: keyArn }, null, 2);
}
function kmsNote(settings) {
    return ('If the bucket encrypts with SSE-KMS (or DSSE-KMS) under a customer managed key, S3 also ' +
        'needs kms:GenerateDataKey to write and kms:Decrypt to read (and to copy) on that key: add\n' +
        `${kmsStatement()}\nOnly AWS knows the key's ARN: \`aws s3api get-bucket-encryption --bucket ` +
        `${settings.bucket}\` shows it (the AWS managed key aws/s3 needs nothing).`);
}
function autoDistributionNotes(settings) {
    if (!settings.autoDistribution || !usesCloudFront(settings))
        return [];
    return [
        'With distribution "auto" the distribution IDs are only found at deploy time, so the ' +
            'CloudFront actions are granted on every distribution of the account (distribution/*), and ' +
            'cloudfront:ListDistributions on "*" (the only resource IAM allows for it). To narrow the ' +
            'policy, replace distribution/* with the IDs the deploy log names, or give those IDs as ' +
            'the "distribution" input instead of auto.',
    ];
}
function formatPolicy(policy) {
    return JSON.stringify(policy, null, 2);
}
/** One Allow statement granting exactly these needs, as copy-pasteable JSON. */
function statementFor(needs) {
    const actions = new Set(needs.map((need) => need.action));
    const resources = new Set(needs.map((need) => need.resource));
    return JSON.stringify({ Effect: 'Allow', ...actionsAndResources({ actions, resources }) }, null, 2);
}

;// CONCATENATED MODULE: ./src/base/errors.ts
/**
 * The one error type for failures a user can act on: bad input, a missing permission,
 * a safety stop. Its message says what to do; `cause` keeps the underlying error.
 */
class DeployError extends Error {
    name = 'DeployError';
    /** True when the input (or command line) is at fault: the CLI exits 2, not 1. */
    badInput;
    constructor(message, options) {
        super(message, options);
        this.badInput = options?.badInput ?? false;
    }
}
/** An input error: names the input and the value, and says what is expected. */
function inputError(input, value, expected) {
    return new DeployError(`Input "${input}" is invalid: got ${JSON.stringify(value)}; ${expected}.`, {
        badInput: true,
    });
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/aws/aws-errors.ts
// Classifying what an AWS call's error is (its code, status and region, with secrets removed);
// explain-error.ts turns that into what to tell the user.
const REGION_ERRORS = new Set([
    'PermanentRedirect',
    'AuthorizationHeaderMalformed',
    'IllegalLocationConstraintException',
]);
// HEAD responses have no body: the SDK can only name the error after the status.
const NAMELESS = new Set(['', 'Unknown', 'UnknownError', 'Forbidden', '403']);
/** The SDK error behind an error `explainAwsError` wrapped (its `cause`), or the error itself. */
function sdkErrorOf(error) {
    const cause = error?.cause;
    return typeof cause === 'object' && cause !== null ? cause : error;
}
/** The error name (`NoSuchUpload`, `TooManyInvalidationsInProgress`, ...) of an SDK error, also
 * when `explainAwsError` has wrapped it. */
function awsErrorName(error) {
    const name = sdkErrorOf(error)?.name;
    return typeof name === 'string' ? name : undefined;
}
/** A 403 that is about permissions, not about the credentials themselves. */
function isAccessDenied(error) {
    return isDenied(factsOf(error));
}
function isDenied({ code, status }) {
    return code === 'AccessDenied' || (status === 403 && NAMELESS.has(code));
}
function isWrongRegion(facts) {
    if (facts.code === 'AuthorizationHeaderMalformed')
        return facts.region !== undefined;
    return REGION_ERRORS.has(facts.code) || facts.status === 301;
}
/**
 * The error in one line with its name and HTTP status, which S3-compatible servers often send
 * with an empty message (Ceph RGW: `<Message></Message>`, which the SDK shows as "UnknownError").
 */
function describeFailure(error) {
    const { code, status, message } = factsOf(error);
    const name = NAMELESS.has(code) ? '' : code;
    const named = name && status ? `${name} (HTTP ${status})` : name || (status ? `HTTP ${status}` : '');
    const said = NAMELESS.has(message) || message === code ? '' : message;
    if (said === '')
        return named || 'an error without a message';
    return named ? `${named}: ${said}` : said;
}
function factsOf(error) {
    if (typeof error !== 'object' || error === null) {
        return {
            code: '',
            status: undefined,
            message: redactSecrets(String(error)),
            region: undefined,
        };
    }
    const fields = error;
    const code = [fields.Code, fields.name, fields.code].find((value) => typeof value === 'string' && !NAMELESS.has(value));
    const status = fields.$metadata?.httpStatusCode;
    const message = redactSecrets(typeof fields.message === 'string' ? fields.message : String(error));
    return {
        code: typeof code === 'string' ? code : typeof fields.name === 'string' ? fields.name : '',
        status: typeof status === 'number' ? status : undefined,
        message,
        region: regionHint(fields.Region, fields.Endpoint, message),
    };
}
/** The bucket's region: the error's Region, its Endpoint (PermanentRedirect), or "expecting 'eu-west-1'". */
function regionHint(field, endpoint, message) {
    const fromEndpoint = typeof endpoint === 'string'
        ? /\.s3[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(endpoint)?.[1]
        : undefined;
    const region = typeof field === 'string'
        ? field
        : (fromEndpoint ?? /expecting '([a-z0-9-]+)'/.exec(message)?.[1]);
    return region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : undefined;
}
/** The original error without the fields that carry key IDs, signatures or string-to-sign. */
function scrubbed(error, facts) {
    return Object.assign(new Error(facts.message), {
        name: facts.code,
        ...(facts.status !== undefined ? { $metadata: { httpStatusCode: facts.status } } : {}),
        ...(error instanceof Error && error.stack ? { stack: redactSecrets(error.stack) } : {}),
    });
}
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|APKA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
const SIGNED_QUERY = /\b(X-Amz-[A-Za-z-]+|Signature|AWSAccessKeyId|Credential)=[^&\s"'<>,]*/gi;
const AUTHORIZATION = /AWS4-HMAC-SHA256\s[^\n"']*/g;
const SECRET_ENV = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID'];
/** Removes access key IDs, signatures, signed-URL parameters and this process's secrets. */
function redactSecrets(text, env = process.env) {
    let clean = text;
    for (const name of SECRET_ENV) {
        const value = env[name];
        if (value && value.length >= 8)
            clean = clean.replaceAll(value, '[redacted]');
    }
    return clean
        .replace(AUTHORIZATION, 'AWS4-HMAC-SHA256 [redacted]')
        .replace(SIGNED_QUERY, '$1=[redacted]')
        .replace(ACCESS_KEY_ID, '[redacted access key]');
}

;// CONCATENATED MODULE: ./src/base/control-characters.ts
/**
 * Control characters, shown as JSON escapes (`\n`, `\u001b`), so that a file name in a log line
 * or message can neither start a line of its own (the runner executes lines starting with `::`)
 * nor send terminal escape sequences. The object keeps its exact name.
 */
function control_characters_showControlCharacters(text) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
    return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

;// CONCATENATED MODULE: ./src/aws/explain-error.ts





const EXPIRED = 'The session credentials have expired: give the role session a duration longer than the deploy.';
const CREDENTIAL_ERRORS = {
    CredentialsProviderError: 'No AWS credentials were found.',
    InvalidAccessKeyId: 'AWS does not recognise the access key ID: it was deleted or deactivated.',
    InvalidClientTokenId: 'AWS does not recognise the credentials in use.',
    SignatureDoesNotMatch: 'The secret access key does not belong to the access key ID (often a stray space or newline).',
    ExpiredToken: EXPIRED,
    ExpiredTokenException: EXPIRED,
    TokenRefreshRequired: 'The session credentials must be refreshed.',
    InvalidToken: 'The session token (AWS_SESSION_TOKEN) is malformed or belongs to other keys.',
};
const CREDENTIALS_ADVICE = 'This action takes no keys as inputs: credentials come from the standard AWS chain. In GitHub Actions, ' +
    'run aws-actions/configure-aws-credentials before this step (OIDC: "role-to-assume", with ' +
    '"permissions: id-token: write" on the job), or set the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
    '(and AWS_SESSION_TOKEN for temporary keys) environment variables from repository secrets.';
/** Turns any error from one AWS call into the error to show: a DeployError with the fix when recognised. */
function explainAwsError(error, given) {
    if (error instanceof DeployError)
        return error;
    const context = scopedToDistribution(given);
    const facts = factsOf(error);
    const explanation = explain(facts, context);
    if (explanation !== undefined) {
        return new DeployError(explanation, {
            cause: Object.hasOwn(CREDENTIAL_ERRORS, facts.code) ? scrubbed(error, facts) : error,
        });
    }
    return new Error(`${context.operation} failed for ${describeTarget(context)}: ${describeFailure(error)}`, {
        cause: error,
    });
}
/** A call about one distribution names only that distribution's ARN, not every one's. */
function scopedToDistribution(context) {
    if (context.distribution === undefined)
        return context;
    const settings = {
        ...context.settings,
        distributions: [context.distribution],
        autoDistribution: false,
    };
    return { ...context, settings };
}
function explain(facts, context) {
    const credentials = Object.hasOwn(CREDENTIAL_ERRORS, facts.code)
        ? CREDENTIAL_ERRORS[facts.code]
        : undefined;
    if (credentials !== undefined)
        return `${facts.code}: ${credentials}\n${CREDENTIALS_ADVICE}`;
    if (facts.code === 'AccessControlListNotSupported')
        return aclMessage(context);
    if (facts.code === 'NoSuchBucket')
        return noSuchBucketMessage(context);
    if (facts.code === 'NoSuchDistribution')
        return noSuchDistributionMessage(context);
    if (isWrongRegion(facts))
        return wrongRegionMessage(facts, context);
    if (isDenied(facts))
        return accessDeniedMessage(facts, context);
    return undefined;
}
function aclMessage({ operation, settings, key }) {
    return (`S3 refused the ACL "${settings.acl ?? ''}" on ${operation}${key ? ` of "${control_characters_showControlCharacters(key)}"` : ''}: bucket ` +
        `"${settings.bucket}" has ACLs disabled (Object Ownership "Bucket owner enforced", the default for ` +
        'new buckets since April 2023). Remove the "acl" input. Public access then comes from a bucket ' +
        'policy, or better from CloudFront with Origin Access Control.');
}
function noSuchBucketMessage({ settings }) {
    return (`Bucket "${settings.bucket}" does not exist (NoSuchBucket). Check the "bucket" input for a typo; ` +
        'with the "endpoint" input (S3-compatible storage), check that it points at the service holding ' +
        'the bucket, and that "region" is the bucket\'s region.');
}
function noSuchDistributionMessage({ settings }) {
    return (`CloudFront distribution "${settings.distributions.join('", "')}" does not exist (NoSuchDistribution). Check the ` +
        '"distribution" input: it takes the distribution ID shown in the CloudFront console (such as ' +
        'E2QWRUHAPOMQZL), not its domain name, and the credentials must belong to the account that owns it.');
}
function wrongRegionMessage(facts, { settings }) {
    const where = facts.region ? `is in region "${facts.region}"` : 'is in another region';
    const fix = facts.region
        ? `Set the "region" input to "${facts.region}"`
        : 'Set the "region" input to the bucket\'s region';
    return (`Bucket "${settings.bucket}" ${where} than the one requests were signed for (${label(facts)}). ` +
        `${fix} (it defaults to AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1).`);
}
function label({ code, status }) {
    return NAMELESS.has(code) ? `HTTP ${status ?? 'error'}` : code;
}
function accessDeniedMessage(facts, context) {
    const named = actionNamedByAws(facts.message);
    const needs = named
        ? needsForNamedAction(named.action, named.resource, context)
        : permissionsFor(context.operation, context.settings);
    const lines = [`Access denied: ${context.operation} for ${describeTarget(context)} was refused.`];
    if (/explicit deny/i.test(facts.message)) {
        lines.push('AWS reports an explicit Deny: adding an Allow will not help; remove or narrow the Deny in the policy AWS names below.');
    }
    const kind = named ? 'Missing permission' : 'Required permission';
    for (const need of needs)
        lines.push(`${kind}: ${need.action} on ${need.resource} (${need.why}).`);
    lines.push(...accessDeniedHints(facts, context, needs));
    if (needs.length > 0) {
        lines.push('Add this statement to the policy of the IAM role or user the workflow uses (print-policy: true prints the whole minimal policy):');
        lines.push(statementFor(needs));
    }
    if (!NAMELESS.has(facts.message))
        lines.push(`AWS said: ${facts.message}`);
    return lines.join('\n');
}
function accessDeniedHints(facts, context, needs) {
    const hints = [];
    const bucket = bucketArn(context.settings);
    if (needs.some((need) => need.action === 's3:ListBucket')) {
        hints.push(`s3:ListBucket is a bucket action: its resource is the bucket ARN ${bucket}, WITHOUT "/*" (${bucket}/* does not grant it).`);
    }
    if (context.operation === 'GetObject' || context.operation === 'HeadObject') {
        hints.push(`Without s3:ListBucket on ${bucket}, S3 also answers 403 instead of 404 for a key that does not exist.`);
    }
    if (NAMELESS.has(facts.code)) {
        const head = context.operation === 'HeadObject' ? ' (a HEAD response has no body)' : '';
        hints.push(`S3 sent no details${head}; wrong credentials can also cause this 403.`);
    }
    return hints;
}
/** "... is not authorized to perform: s3:PutObjectAcl on resource: "arn:..." ..." */
function actionNamedByAws(message) {
    const action = /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1];
    if (action === undefined)
        return undefined;
    const resource = /on resource:?\s*"?(arn:[^\s"]+?)"?(?:\s|$)/.exec(message)?.[1];
    return { action, resource };
}
/** The need for the action AWS named, on the resource our policy would grant it on. */
function needsForNamedAction(action, awsResource, context) {
    const ours = permissionsFor(context.operation, context.settings).filter((need) => need.action === action);
    if (ours.length > 0)
        return ours;
    const { settings } = context;
    const why = `named by AWS as the action ${context.operation} was denied`;
    if (action === 's3:ListBucket')
        return [{ action, resource: bucketArn(settings), why }];
    if (action.startsWith('s3:'))
        return [{ action, resource: objectsArn(settings), why }];
    if (action.startsWith('cloudfront:') && distributionArns(settings).length > 0) {
        return distributionArns(settings).map((resource) => ({ action, resource, why }));
    }
    if (action.startsWith('kms:')) {
        // The bucket's SSE-KMS key: only AWS knows its ARN, and a deploy both writes and reads.
        const resource = awsResource ?? '*';
        const kmsWhy = 'the bucket encrypts with SSE-KMS: S3 asks the key for a data key on every write and to decrypt on every read and copy';
        return ['kms:Decrypt', 'kms:GenerateDataKey'].map((kms) => ({
            action: kms,
            resource,
            why: kmsWhy,
        }));
    }
    return [{ action, resource: awsResource ?? '*', why }];
}
function describeTarget({ operation, settings, key }) {
    if (key)
        return `s3://${settings.bucket}/${control_characters_showControlCharacters(key)}`;
    if (operation === 'ListDistributions')
        return 'the distributions of the account';
    if ([
        'GetDistributionConfig',
        'ListInvalidations',
        'CreateInvalidation',
        'GetInvalidation',
    ].includes(operation)) {
        return `CloudFront distribution ${settings.distributions.join(', ')}`;
    }
    return `s3://${settings.bucket}/${settings.prefix}`;
}

;// CONCATENATED MODULE: ./src/aws/context.ts



const WRITES = new Set([
    'PutObject',
    'CopyObject',
    'CreateMultipartUpload',
    'UploadPart',
    'UploadPartCopy',
    'CompleteMultipartUpload',
    'DeleteObjects',
]);
/** One AWS call: retried when transient, then explained (permission, bucket, credentials). */
function awsCall(context, operation, key, send, retry = context.retry) {
    return explainedCall(context, operation, key ? { key } : {}, send, retry);
}
/** One CloudFront call about one distribution (or none, for ListDistributions). */
function cloudFrontCall(context, operation, distribution, send, retry = context.retry) {
    return explainedCall(context, operation, distribution ? { distribution } : {}, send, retry);
}
function explainedCall(context, operation, target, send, retry) {
    try {
        if (WRITES.has(operation))
            context.beforeWrite?.();
    }
    catch (error) {
        return Promise.reject(error);
    }
    const about = target.key ?? target.distribution;
    return withRetry(send, {
        ...retry,
        onRetry: (error, attempt, delay) => context.logger.info(`${operation}${about ? ` ${about}` : ''}: ${describe(error)}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s.`),
    }).catch((error) => {
        throw explainAwsError(error, { operation, settings: context.settings, ...target });
    });
}
function describe(error) {
    return describeFailure(error);
}

;// CONCATENATED MODULE: ./src/bucket/own-objects.ts




const byRun = new WeakMap();
function conditionsOf(context) {
    let conditions = byRun.get(context.settings);
    if (!conditions) {
        conditions = { form: 'quoted', probed: false };
        byRun.set(context.settings, conditions);
    }
    return conditions;
}
/** Whether this run's own writes still carry conditions (false once they were found not to work). */
function conditionsWork(context) {
    return conditionsOf(context).form !== 'none';
}
/** One of this action's own objects as stored; undefined when there is none. */
async function readOwnObject(context, name) {
    const Key = context.settings.prefix + name;
    try {
        return await awsCall(context, 'GetObject', Key, async () => {
            const fast = await fastOwnObject(context, Key);
            return fast !== 'unanswered' ? fast : await sdkOwnObject(context, Key);
        });
    }
    catch (error) {
        if (awsErrorName(error) === 'NoSuchKey')
            return undefined;
        throw error;
    }
}
/** The body is read inside the call: a connection dropped mid-body is retried like any other. */
async function sdkOwnObject(context, Key) {
    let served;
    const response = await context.s3.call((client, sdk) => {
        const command = new sdk.GetObjectCommand({ Bucket: context.settings.bucket, Key });
        command.middlewareStack.add((next) => async (args) => {
            const out = await next(args);
            served = out.response.headers?.date;
            return out;
        }, { step: 'deserialize', name: 'ownObjectServerDate' });
        return client.send(command);
    });
    const text = (await response.Body?.transformToString()) ?? '';
    const lastModified = response.LastModified?.getTime();
    const now = served === undefined ? Number.NaN : Date.parse(served);
    return {
        text,
        etag: unquoted(response.ETag) ?? '',
        lastModified,
        ageMs: lastModified !== undefined && Number.isFinite(now) ? now - lastModified : undefined,
    };
}
/** An own object by our own GET (fast-s3.ts); 'unanswered': the SDK is to read it. */
async function fastOwnObject({ fast }, Key) {
    const answer = await fast?.get(Key, {});
    if (answer === undefined)
        return 'unanswered';
    const { status, headers, body } = answer;
    if (status === 404 && body.includes('<Code>NoSuchKey</Code>'))
        return undefined;
    if (status !== 200) {
        fast?.stop(`GetObject ${Key} was answered ${status}.`);
        return 'unanswered';
    }
    const lastModified = headers['last-modified'] ? Date.parse(headers['last-modified']) : Number.NaN;
    const now = headers.date ? Date.parse(headers.date) : Number.NaN;
    const known = Number.isFinite(lastModified);
    return {
        text: body.toString('utf8'),
        etag: unquoted(headers.etag) ?? '',
        lastModified: known ? lastModified : undefined,
        ageMs: known && Number.isFinite(now) ? now - lastModified : undefined,
    };
}
/**
 * Writes one of this action's own objects, only if it is still what the deploy saw (S3's
 * conditional writes: 412 PreconditionFailed otherwise). Returns the new ETag. A refusal is
 * checked by reading the object back: if it holds this very body, the write landed (a retry
 * after a lost answer); if it still has the ETag the condition named, the server refused a
 * true condition, so the next form is tried (quoted, then bare, then none, with one warning).
 */
async function own_objects_writeOwnObject(context, name, body, condition) {
    // Bytes once: the SDK would copy a string body for the signature and again for the socket.
    if (typeof body === 'string')
        return own_objects_writeOwnObject(context, name, Buffer.from(body), condition);
    const conditions = conditionsOf(context);
    const md5 = md5Hex(body);
    const when = conditions.form === 'none' ? 'any' : condition;
    try {
        return unquoted((await putOwn(context, name, body, md5, when, conditions.form)).ETag) ?? md5;
    }
    catch (error) {
        if (when === 'any')
            throw error;
        if (awsErrorName(error) === 'NotImplemented') {
            giveUpConditions(context, 'answers them with 501 NotImplemented');
            return own_objects_writeOwnObject(context, name, body, 'any');
        }
        // A 409 is a race with another write: never a sign that conditions do not work.
        if (!isPreconditionFailed(error) || awsErrorName(error) === 'ConditionalRequestConflict')
            throw error;
        const stored = await readOwnObject({ ...context, beforeWrite: undefined }, name);
        if (stored?.etag === md5)
            return md5;
        const refusedTruth = typeof when === 'object' ? stored?.etag === when.etag : stored === undefined;
        if (!refusedTruth)
            throw error;
        if (typeof when === 'object' && conditions.form === 'quoted') {
            conditions.form = 'bare';
            context.logger.info('The endpoint refused If-Match with the quoted ETag of an object that has that ETag: trying the bare ETag, as Ceph RGW 16 wants it.');
        }
        else {
            giveUpConditions(context, 'refuses them even when they hold (412 on the current ETag)');
        }
        return own_objects_writeOwnObject(context, name, body, condition);
    }
}
function putOwn(context, name, body, md5, when, form) {
    const { s3, settings } = context;
    const Key = settings.prefix + name;
    const ifMatch = (etag) => (form === 'bare' ? etag : `"${etag}"`);
    return awsCall(context, 'PutObject', Key, () => s3.call((client, sdk) => client.send(new sdk.PutObjectCommand({
        Bucket: settings.bucket,
        Key,
        Body: body,
        ContentType: 'application/json',
        CacheControl: 'no-store',
        ContentMD5: hexToBase64(md5),
        ...(when === 'absent' ? { IfNoneMatch: '*' } : {}),
        ...(typeof when === 'object' ? { IfMatch: ifMatch(when.etag) } : {}),
    }))));
}
// No object ever has this ETag: a condition on it must fail wherever conditions are honoured.
const NEVER_ETAG = md5Hex('s3-cf-sync: an ETag no object has');
/**
 * Finds out, once per run, whether the endpoint ignores conditions: it rewrites an own object
 * with the very body it holds, on an ETag the object cannot have. Honoured: 412 (or 404), and
 * nothing is written. Ignored: the object is written again with the same bytes (no harm), and
 * this run's lock becomes advisory. AWS S3 honours conditions: no request is sent there.
 */
async function probeIgnoredConditions(context, name, body) {
    const conditions = conditionsOf(context);
    if (conditions.probed || conditions.form === 'none' || isAwsEndpoint(context))
        return;
    conditions.probed = true;
    try {
        await putOwn(context, name, body, md5Hex(body), { etag: NEVER_ETAG }, conditions.form);
    }
    catch (error) {
        if (isPreconditionFailed(error))
            return;
        context.logger.debug(`The conditional-write probe failed: ${String(error)}`);
        return;
    }
    giveUpConditions(context, 'ignores them (a write on an ETag the object does not have succeeded)');
}
function giveUpConditions(context, why) {
    const conditions = conditionsOf(context);
    if (conditions.form === 'none')
        return;
    conditions.form = 'none';
    context.logger.warning(`The endpoint does not support conditional writes (If-None-Match / If-Match): it ${why}. This deploy writes its lock and state without them, so the lock is only advisory and two deploys at once are not kept apart. Give the workflow a "concurrency:" group.`);
}
/** AWS S3 itself: no endpoint, or an amazonaws.com one. It honours conditional writes. */
function isAwsEndpoint(context, env = process.env) {
    const endpoint = context.settings.endpoint || env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || '';
    if (endpoint === '')
        return true;
    try {
        return /(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
    }
    catch {
        return false;
    }
}
/**
 * A conditional write lost: the object is no longer what this deploy saw. AWS answers 404
 * NoSuchKey to If-Match on a missing key (RGW 412).
 */
function isPreconditionFailed(error) {
    const name = awsErrorName(error);
    return (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || name === 'NoSuchKey');
}
function md5Hex(content) {
    return (0,external_node_crypto_.createHash)('md5').update(content).digest('hex');
}
function unquoted(etag) {
    return etag?.replaceAll('"', '');
}

;// CONCATENATED MODULE: ./src/bucket/state.ts



/** Every object this action keeps under the prefix starts so; none is ever synced as a site file. */
const OWN_OBJECT_PREFIX = '.s3-cf-sync';
/** The state: header rules last applied, and the keys still to invalidate. */
const STATE_FILE_NAME = '.s3-cf-sync.json';
/**
 * Whether a key (under the prefix) is one of this action's objects: its own at the top, or those
 * of a deploy to a deeper prefix, which a deploy here must never delete or overwrite either.
 */
function isOwnObject(key) {
    return key.startsWith(OWN_OBJECT_PREFIX) || key.includes(`/${OWN_OBJECT_PREFIX}`);
}
// Bump when the way headers are derived changes, so every object is checked again.
const HEADER_LOGIC_VERSION = 1;
function stateFor(settings) {
    const rules = {
        logic: HEADER_LOGIC_VERSION,
        contentType: settings.contentType.map(({ glob, value }) => [glob, value]),
        cacheControl: settings.cacheControl.map(({ glob, value }) => [glob, value]),
    };
    const headerRules = (0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 16);
    return { version: 1, headerRules, acl: settings.acl ?? '', pendingInvalidation: [] };
}
async function readState(context) {
    try {
        // None yet: the first deploy with this action (or with this prefix).
        const stored = await readOwnObject(context, STATE_FILE_NAME);
        return stored
            ? {
                state: parseState(stored.text),
                etag: stored.etag,
                lastModified: stored.lastModified,
                ageMs: stored.ageMs,
            }
            : { state: undefined, etag: undefined };
    }
    catch (error) {
        // S3 answers 403 for a missing key unless the caller may list it, and whether an s3:prefix
        // condition counts for that is undocumented: the listing, read at the same time, decides.
        if (isAccessDenied(sdkErrorOf(error)))
            return { state: undefined, etag: undefined, refused: error };
        throw error;
    }
}
function lockOf(value) {
    if (typeof value !== 'object' || value === null)
        return {};
    const { owner, run, attempt, started, beat } = value;
    return {
        lock: {
            owner: String(owner ?? ''),
            ...(typeof run === 'string' ? { run } : {}),
            ...(typeof attempt === 'number' ? { attempt } : {}),
            started: String(started ?? ''),
            beat: typeof beat === 'number' ? beat : 0,
        },
    };
}
function parseState(text) {
    try {
        const parsed = JSON.parse(text);
        if (parsed.version !== 1 || typeof parsed.headerRules !== 'string')
            return undefined;
        const pending = Array.isArray(parsed.pendingInvalidation) ? parsed.pendingInvalidation : [];
        return {
            version: 1,
            headerRules: parsed.headerRules,
            acl: String(parsed.acl ?? ''),
            pendingInvalidation: pending.filter((key) => typeof key === 'string'),
            ...(typeof parsed.deployId === 'string' ? { deployId: parsed.deployId } : {}),
            ...(Number.isSafeInteger(parsed.recordedEtags) && (parsed.recordedEtags ?? -1) >= 0
                ? { recordedEtags: parsed.recordedEtags }
                : {}),
            ...lockOf(parsed.lock),
        };
    }
    catch {
        // Unreadable state only means every object's headers are checked once more.
        return undefined;
    }
}
function writeState(context, state, condition) {
    return writeOwnObject(context, STATE_FILE_NAME, stateBody(state), condition);
}
/** The body of the state object, as written. */
function stateBody(state) {
    return `${JSON.stringify(state, null, 2)}\n`;
}
/**
 * Whether two states say the same, whichever deploy wrote them and whoever holds the lock (the
 * recorded ETag count belongs to the record, not to what the state asks of the bucket).
 */
function sameState(a, b) {
    const plain = ({ lock: _, recordedEtags: _etags, ...state }) => stateBody({ ...state, deployId: '' });
    return plain(a) === plain(b);
}

;// CONCATENATED MODULE: ./src/base/logger.ts
/** A logger that keeps lines in memory, for tests and for quiet runs. */
function memoryLogger() {
    const lines = [];
    return {
        lines,
        info: (message) => lines.push(message),
        detail: (message) => lines.push(message),
        warning: (message) => lines.push(`warning: ${message}`),
        debug: () => { },
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
function progressCounter(logger, phase, total) {
    let done = 0;
    if (total > 0)
        logger.progress?.({ phase, done, total });
    return (items = 1) => {
        done += items;
        logger.progress?.({ phase, done, total });
    };
}

;// CONCATENATED MODULE: ./src/inputs/content-types.ts
// Generated by scripts/content-types.mjs from mime-types 3.0.2: do not edit.
// Each entry: the Content-Type, then the extensions (lower case, no dot) that have it.
const CONTENT_TYPES = [
    'application/andrew-inset|ez',
    'application/appinstaller|appinstaller',
    'application/applixware|aw',
    'application/appx|appx',
    'application/appxbundle|appxbundle',
    'application/atom+xml|atom',
    'application/atomcat+xml|atomcat',
    'application/atomdeleted+xml|atomdeleted',
    'application/atomsvc+xml|atomsvc',
    'application/atsc-dwd+xml|dwd',
    'application/atsc-held+xml|held',
    'application/atsc-rsat+xml|rsat',
    'application/automationml-aml+xml|aml',
    'application/automationml-amlx+zip|amlx',
    'application/bdoc|bdoc',
    'application/calendar+xml|xcs',
    'application/ccxml+xml|ccxml',
    'application/cdfx+xml|cdfx',
    'application/cdmi-capability|cdmia',
    'application/cdmi-container|cdmic',
    'application/cdmi-domain|cdmid',
    'application/cdmi-object|cdmio',
    'application/cdmi-queue|cdmiq',
    'application/cpl+xml|cpl',
    'application/cu-seeme|cu',
    'application/cwl|cwl',
    'application/dash+xml|mpd',
    'application/dash-patch+xml|mpp',
    'application/davmount+xml|davmount',
    'application/dicom|dcm',
    'application/docbook+xml|dbk',
    'application/dssc+der|dssc',
    'application/dssc+xml|xdssc',
    'application/ecmascript|ecma',
    'application/emma+xml|emma',
    'application/emotionml+xml|emotionml',
    'application/epub+zip|epub',
    'application/exi|exi',
    'application/express|exp',
    'application/fdf|fdf',
    'application/fdt+xml|fdt',
    'application/font-tdpfr|pfr',
    'application/geo+json|geojson',
    'application/gml+xml|gml',
    'application/gpx+xml|gpx',
    'application/gxf|gxf',
    'application/gzip|gz',
    'application/hjson|hjson',
    'application/hyperstudio|stk',
    'application/inkml+xml|ink inkml',
    'application/ipfix|ipfix',
    'application/its+xml|its',
    'application/java-archive|ear jar war',
    'application/java-serialized-object|ser',
    'application/java-vm|class',
    'application/json5|json5',
    'application/json; charset=utf-8|json map',
    'application/jsonml+json|jsonml',
    'application/ld+json|jsonld',
    'application/lgr+xml|lgr',
    'application/lost+xml|lostxml',
    'application/mac-binhex40|hqx',
    'application/mac-compactpro|cpt',
    'application/mads+xml|mads',
    'application/manifest+json; charset=utf-8|webmanifest',
    'application/marc|mrc',
    'application/marcxml+xml|mrcx',
    'application/mathematica|ma mb nb',
    'application/mathml+xml|mathml',
    'application/mbox|mbox',
    'application/media-policy-dataset+xml|mpf',
    'application/mediaservercontrol+xml|mscml',
    'application/metalink+xml|metalink',
    'application/metalink4+xml|meta4',
    'application/mets+xml|mets',
    'application/mmt-aei+xml|maei',
    'application/mmt-usd+xml|musd',
    'application/mods+xml|mods',
    'application/mp21|m21 mp21',
    'application/mp4|m4p mp4s',
    'application/msix|msix',
    'application/msixbundle|msixbundle',
    'application/msword|doc dot',
    'application/mxf|mxf',
    'application/n-quads|nq',
    'application/n-triples|nt',
    'application/node|cjs',
    'application/octet-stream|bin bpk buffer deploy dist distz dms dump elc img lrf mar msm msp pkg so',
    'application/oda|oda',
    'application/oebps-package+xml|opf',
    'application/ogg|ogx',
    'application/omdoc+xml|omdoc',
    'application/onenote|one onea onepkg onetmp onetoc onetoc2',
    'application/oxps|oxps',
    'application/p2p-overlay+xml|relo',
    'application/patch-ops-error+xml|xer',
    'application/pdf|pdf',
    'application/pgp-encrypted|pgp',
    'application/pgp-keys|asc',
    'application/pgp-signature|sig',
    'application/pics-rules|prf',
    'application/pkcs10|p10',
    'application/pkcs7-mime|p7c p7m',
    'application/pkcs7-signature|p7s',
    'application/pkcs8|p8',
    'application/pkix-attr-cert|ac',
    'application/pkix-cert|cer',
    'application/pkix-crl|crl',
    'application/pkix-pkipath|pkipath',
    'application/pkixcmp|pki',
    'application/pls+xml|pls',
    'application/postscript|ai eps ps',
    'application/provenance+xml|provx',
    'application/prs.cww|cww',
    'application/prs.xsf+xml|xsf',
    'application/pskc+xml|pskcxml',
    'application/raml+yaml|raml',
    'application/rdf+xml|owl rdf',
    'application/reginfo+xml|rif',
    'application/relax-ng-compact-syntax|rnc',
    'application/resource-lists+xml|rl',
    'application/resource-lists-diff+xml|rld',
    'application/rls-services+xml|rs',
    'application/route-apd+xml|rapd',
    'application/route-s-tsid+xml|sls',
    'application/route-usd+xml|rusd',
    'application/rpki-ghostbusters|gbr',
    'application/rpki-manifest|mft',
    'application/rpki-roa|roa',
    'application/rsd+xml|rsd',
    'application/rss+xml|rss',
    'application/rtf|rtf',
    'application/sbml+xml|sbml',
    'application/scvp-cv-request|scq',
    'application/scvp-cv-response|scs',
    'application/scvp-vp-request|spq',
    'application/scvp-vp-response|spp',
    'application/sdp|sdp',
    'application/senml+xml|senmlx',
    'application/sensml+xml|sensmlx',
    'application/set-payment-initiation|setpay',
    'application/set-registration-initiation|setreg',
    'application/shf+xml|shf',
    'application/sieve|sieve siv',
    'application/smil+xml|smi smil',
    'application/sparql-query|rq',
    'application/sparql-results+xml|srx',
    'application/sql|sql',
    'application/srgs|gram',
    'application/srgs+xml|grxml',
    'application/sru+xml|sru',
    'application/ssdl+xml|ssdl',
    'application/ssml+xml|ssml',
    'application/swid+xml|swidtag',
    'application/tei+xml|tei teicorpus',
    'application/thraud+xml|tfi',
    'application/timestamped-data|tsd',
    'application/toml|toml',
    'application/trig|trig',
    'application/ttml+xml|ttml',
    'application/ubjson|ubj',
    'application/urc-ressheet+xml|rsheet',
    'application/urc-targetdesc+xml|td',
    'application/vnd.1000minds.decision-model+xml|1km',
    'application/vnd.3gpp.pic-bw-large|plb',
    'application/vnd.3gpp.pic-bw-small|psb',
    'application/vnd.3gpp.pic-bw-var|pvb',
    'application/vnd.3gpp2.tcap|tcap',
    'application/vnd.3m.post-it-notes|pwn',
    'application/vnd.accpac.simply.aso|aso',
    'application/vnd.accpac.simply.imp|imp',
    'application/vnd.acucobol|acu',
    'application/vnd.acucorp|acutc atc',
    'application/vnd.adobe.air-application-installer-package+zip|air',
    'application/vnd.adobe.formscentral.fcdt|fcdt',
    'application/vnd.adobe.fxp|fxp fxpl',
    'application/vnd.adobe.xdp+xml|xdp',
    'application/vnd.age|age',
    'application/vnd.ahead.space|ahead',
    'application/vnd.airzip.filesecure.azf|azf',
    'application/vnd.airzip.filesecure.azs|azs',
    'application/vnd.amazon.ebook|azw',
    'application/vnd.americandynamics.acc|acc',
    'application/vnd.amiga.ami|ami',
    'application/vnd.android.package-archive|apk',
    'application/vnd.anser-web-certificate-issue-initiation|cii',
    'application/vnd.anser-web-funds-transfer-initiation|fti',
    'application/vnd.antix.game-component|atx',
    'application/vnd.apple.installer+xml|mpkg',
    'application/vnd.apple.keynote|key',
    'application/vnd.apple.mpegurl|m3u8',
    'application/vnd.apple.numbers|numbers',
    'application/vnd.apple.pages|pages',
    'application/vnd.apple.pkpass|pkpass',
    'application/vnd.aristanetworks.swi|swi',
    'application/vnd.astraea-software.iota|iota',
    'application/vnd.audiograph|aep',
    'application/vnd.autodesk.fbx|fbx',
    'application/vnd.balsamiq.bmml+xml|bmml',
    'application/vnd.blueice.multipass|mpm',
    'application/vnd.bmi|bmi',
    'application/vnd.businessobjects|rep',
    'application/vnd.chemdraw+xml|cdxml',
    'application/vnd.chipnuts.karaoke-mmd|mmd',
    'application/vnd.cinderella|cdy',
    'application/vnd.citationstyles.style+xml|csl',
    'application/vnd.claymore|cla',
    'application/vnd.cloanto.rp9|rp9',
    'application/vnd.clonk.c4group|c4d c4f c4g c4p c4u',
    'application/vnd.cluetrust.cartomobile-config|c11amc',
    'application/vnd.cluetrust.cartomobile-config-pkg|c11amz',
    'application/vnd.commonspace|csp',
    'application/vnd.contact.cmsg|cdbcmsg',
    'application/vnd.cosmocaller|cmc',
    'application/vnd.crick.clicker|clkx',
    'application/vnd.crick.clicker.keyboard|clkk',
    'application/vnd.crick.clicker.palette|clkp',
    'application/vnd.crick.clicker.template|clkt',
    'application/vnd.crick.clicker.wordbank|clkw',
    'application/vnd.criticaltools.wbs+xml|wbs',
    'application/vnd.ctc-posml|pml',
    'application/vnd.cups-ppd|ppd',
    'application/vnd.curl.car|car',
    'application/vnd.curl.pcurl|pcurl',
    'application/vnd.dart|dart',
    'application/vnd.data-vision.rdz|rdz',
    'application/vnd.dbf|dbf',
    'application/vnd.dcmp+xml|dcmp',
    'application/vnd.dece.data|uvd uvf uvvd uvvf',
    'application/vnd.dece.ttml+xml|uvt uvvt',
    'application/vnd.dece.unspecified|uvvx uvx',
    'application/vnd.dece.zip|uvvz uvz',
    'application/vnd.denovo.fcselayout-link|fe_launch',
    'application/vnd.dna|dna',
    'application/vnd.dolby.mlp|mlp',
    'application/vnd.dpgraph|dpg',
    'application/vnd.dreamfactory|dfac',
    'application/vnd.ds-keypoint|kpxx',
    'application/vnd.dvb.ait|ait',
    'application/vnd.dvb.service|svc',
    'application/vnd.dynageo|geo',
    'application/vnd.ecowin.chart|mag',
    'application/vnd.enliven|nml',
    'application/vnd.epson.esf|esf',
    'application/vnd.epson.msf|msf',
    'application/vnd.epson.quickanime|qam',
    'application/vnd.epson.salt|slt',
    'application/vnd.epson.ssf|ssf',
    'application/vnd.eszigno3+xml|es3 et3',
    'application/vnd.ezpix-album|ez2',
    'application/vnd.ezpix-package|ez3',
    'application/vnd.fdsn.mseed|mseed',
    'application/vnd.fdsn.seed|dataless seed',
    'application/vnd.flographit|gph',
    'application/vnd.fluxtime.clip|ftc',
    'application/vnd.framemaker|book fm frame maker',
    'application/vnd.frogans.fnc|fnc',
    'application/vnd.frogans.ltf|ltf',
    'application/vnd.fsc.weblaunch|fsc',
    'application/vnd.fujitsu.oasys|oas',
    'application/vnd.fujitsu.oasys2|oa2',
    'application/vnd.fujitsu.oasys3|oa3',
    'application/vnd.fujitsu.oasysgp|fg5',
    'application/vnd.fujitsu.oasysprs|bh2',
    'application/vnd.fujixerox.ddd|ddd',
    'application/vnd.fujixerox.docuworks|xdw',
    'application/vnd.fujixerox.docuworks.binder|xbd',
    'application/vnd.fuzzysheet|fzs',
    'application/vnd.genomatix.tuxedo|txd',
    'application/vnd.geogebra.file|ggb',
    'application/vnd.geogebra.slides|ggs',
    'application/vnd.geogebra.tool|ggt',
    'application/vnd.geometry-explorer|gex gre',
    'application/vnd.geonext|gxt',
    'application/vnd.geoplan|g2w',
    'application/vnd.geospace|g3w',
    'application/vnd.gmx|gmx',
    'application/vnd.google-apps.document|gdoc',
    'application/vnd.google-apps.drawing|gdraw',
    'application/vnd.google-apps.form|gform',
    'application/vnd.google-apps.jam|gjam',
    'application/vnd.google-apps.map|gmap',
    'application/vnd.google-apps.presentation|gslides',
    'application/vnd.google-apps.script|gscript',
    'application/vnd.google-apps.site|gsite',
    'application/vnd.google-apps.spreadsheet|gsheet',
    'application/vnd.google-earth.kml+xml|kml',
    'application/vnd.google-earth.kmz|kmz',
    'application/vnd.gov.sk.xmldatacontainer+xml|xdcf',
    'application/vnd.grafeq|gqf gqs',
    'application/vnd.groove-account|gac',
    'application/vnd.groove-help|ghf',
    'application/vnd.groove-identity-message|gim',
    'application/vnd.groove-injector|grv',
    'application/vnd.groove-tool-message|gtm',
    'application/vnd.groove-tool-template|tpl',
    'application/vnd.groove-vcard|vcg',
    'application/vnd.hal+xml|hal',
    'application/vnd.handheld-entertainment+xml|zmm',
    'application/vnd.hbci|hbci',
    'application/vnd.hhe.lesson-player|les',
    'application/vnd.hp-hpgl|hpgl',
    'application/vnd.hp-hpid|hpid',
    'application/vnd.hp-hps|hps',
    'application/vnd.hp-jlyt|jlt',
    'application/vnd.hp-pcl|pcl',
    'application/vnd.hp-pclxl|pclxl',
    'application/vnd.hydrostatix.sof-data|sfd-hdstx',
    'application/vnd.ibm.minipay|mpy',
    'application/vnd.ibm.modcap|afp list3820 listafp',
    'application/vnd.ibm.rights-management|irm',
    'application/vnd.ibm.secure-container|sc',
    'application/vnd.iccprofile|icc icm',
    'application/vnd.igloader|igl',
    'application/vnd.immervision-ivp|ivp',
    'application/vnd.immervision-ivu|ivu',
    'application/vnd.insors.igm|igm',
    'application/vnd.intercon.formnet|xpw xpx',
    'application/vnd.intergeo|i2g',
    'application/vnd.intu.qbo|qbo',
    'application/vnd.intu.qfx|qfx',
    'application/vnd.ipunplugged.rcprofile|rcprofile',
    'application/vnd.irepository.package+xml|irp',
    'application/vnd.is-xpr|xpr',
    'application/vnd.isac.fcs|fcs',
    'application/vnd.jam|jam',
    'application/vnd.jcp.javame.midlet-rms|rms',
    'application/vnd.jisp|jisp',
    'application/vnd.joost.joda-archive|joda',
    'application/vnd.kahootz|ktr ktz',
    'application/vnd.kde.karbon|karbon',
    'application/vnd.kde.kchart|chrt',
    'application/vnd.kde.kformula|kfo',
    'application/vnd.kde.kivio|flw',
    'application/vnd.kde.kontour|kon',
    'application/vnd.kde.kpresenter|kpr kpt',
    'application/vnd.kde.kspread|ksp',
    'application/vnd.kde.kword|kwd kwt',
    'application/vnd.kenameaapp|htke',
    'application/vnd.kidspiration|kia',
    'application/vnd.kinar|kne knp',
    'application/vnd.koan|skd skm skp skt',
    'application/vnd.kodak-descriptor|sse',
    'application/vnd.las.las+xml|lasxml',
    'application/vnd.llamagraphics.life-balance.desktop|lbd',
    'application/vnd.llamagraphics.life-balance.exchange+xml|lbe',
    'application/vnd.lotus-1-2-3|123',
    'application/vnd.lotus-approach|apr',
    'application/vnd.lotus-freelance|pre',
    'application/vnd.lotus-notes|nsf',
    'application/vnd.lotus-organizer|org',
    'application/vnd.lotus-screencam|scm',
    'application/vnd.lotus-wordpro|lwp',
    'application/vnd.macports.portpkg|portpkg',
    'application/vnd.mapbox-vector-tile|mvt',
    'application/vnd.mcd|mcd',
    'application/vnd.medcalcdata|mc1',
    'application/vnd.mediastation.cdkey|cdkey',
    'application/vnd.mfer|mwf',
    'application/vnd.mfmp|mfm',
    'application/vnd.micrografx.flo|flo',
    'application/vnd.micrografx.igx|igx',
    'application/vnd.mif|mif',
    'application/vnd.mobius.daf|daf',
    'application/vnd.mobius.dis|dis',
    'application/vnd.mobius.mbk|mbk',
    'application/vnd.mobius.mqy|mqy',
    'application/vnd.mobius.msl|msl',
    'application/vnd.mobius.plc|plc',
    'application/vnd.mobius.txf|txf',
    'application/vnd.mophun.application|mpn',
    'application/vnd.mophun.certificate|mpc',
    'application/vnd.mozilla.xul+xml|xul',
    'application/vnd.ms-artgalry|cil',
    'application/vnd.ms-cab-compressed|cab',
    'application/vnd.ms-excel|xla xlc xlm xls xlt xlw',
    'application/vnd.ms-excel.addin.macroenabled.12|xlam',
    'application/vnd.ms-excel.sheet.binary.macroenabled.12|xlsb',
    'application/vnd.ms-excel.sheet.macroenabled.12|xlsm',
    'application/vnd.ms-excel.template.macroenabled.12|xltm',
    'application/vnd.ms-fontobject|eot',
    'application/vnd.ms-htmlhelp|chm',
    'application/vnd.ms-ims|ims',
    'application/vnd.ms-lrm|lrm',
    'application/vnd.ms-officetheme|thmx',
    'application/vnd.ms-outlook|msg',
    'application/vnd.ms-pki.seccat|cat',
    'application/vnd.ms-powerpoint|pot pps ppt',
    'application/vnd.ms-powerpoint.addin.macroenabled.12|ppam',
    'application/vnd.ms-powerpoint.presentation.macroenabled.12|pptm',
    'application/vnd.ms-powerpoint.slide.macroenabled.12|sldm',
    'application/vnd.ms-powerpoint.slideshow.macroenabled.12|ppsm',
    'application/vnd.ms-powerpoint.template.macroenabled.12|potm',
    'application/vnd.ms-project|mpt',
    'application/vnd.ms-visio.viewer|vdx',
    'application/vnd.ms-word.document.macroenabled.12|docm',
    'application/vnd.ms-word.template.macroenabled.12|dotm',
    'application/vnd.ms-works|wcm wdb wks wps',
    'application/vnd.ms-wpl|wpl',
    'application/vnd.ms-xpsdocument|xps',
    'application/vnd.mseq|mseq',
    'application/vnd.musician|mus',
    'application/vnd.muvee.style|msty',
    'application/vnd.mynfc|taglet',
    'application/vnd.nato.bindingdataobject+xml|bdo',
    'application/vnd.neurolanguage.nlu|nlu',
    'application/vnd.nitf|nitf ntf',
    'application/vnd.noblenet-directory|nnd',
    'application/vnd.noblenet-sealer|nns',
    'application/vnd.noblenet-web|nnw',
    'application/vnd.nokia.n-gage.data|ngdat',
    'application/vnd.nokia.n-gage.symbian.install|n-gage',
    'application/vnd.nokia.radio-preset|rpst',
    'application/vnd.nokia.radio-presets|rpss',
    'application/vnd.novadigm.edm|edm',
    'application/vnd.novadigm.edx|edx',
    'application/vnd.novadigm.ext|ext',
    'application/vnd.oasis.opendocument.chart|odc',
    'application/vnd.oasis.opendocument.chart-template|otc',
    'application/vnd.oasis.opendocument.database|odb',
    'application/vnd.oasis.opendocument.formula|odf',
    'application/vnd.oasis.opendocument.formula-template|odft',
    'application/vnd.oasis.opendocument.graphics|odg',
    'application/vnd.oasis.opendocument.graphics-template|otg',
    'application/vnd.oasis.opendocument.image|odi',
    'application/vnd.oasis.opendocument.image-template|oti',
    'application/vnd.oasis.opendocument.presentation|odp',
    'application/vnd.oasis.opendocument.presentation-template|otp',
    'application/vnd.oasis.opendocument.spreadsheet|ods',
    'application/vnd.oasis.opendocument.spreadsheet-template|ots',
    'application/vnd.oasis.opendocument.text|odt',
    'application/vnd.oasis.opendocument.text-master|odm',
    'application/vnd.oasis.opendocument.text-template|ott',
    'application/vnd.oasis.opendocument.text-web|oth',
    'application/vnd.olpc-sugar|xo',
    'application/vnd.oma.dd2+xml|dd2',
    'application/vnd.openblox.game+xml|obgx',
    'application/vnd.openofficeorg.extension|oxt',
    'application/vnd.openstreetmap.data+xml|osm',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation|pptx',
    'application/vnd.openxmlformats-officedocument.presentationml.slide|sldx',
    'application/vnd.openxmlformats-officedocument.presentationml.slideshow|ppsx',
    'application/vnd.openxmlformats-officedocument.presentationml.template|potx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet|xlsx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.template|xltx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document|docx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.template|dotx',
    'application/vnd.osgeo.mapguide.package|mgp',
    'application/vnd.osgi.dp|dp',
    'application/vnd.osgi.subsystem|esa',
    'application/vnd.palm|oprc pdb pqa',
    'application/vnd.pawaafile|paw',
    'application/vnd.pg.format|str',
    'application/vnd.pg.osasli|ei6',
    'application/vnd.picsel|efif',
    'application/vnd.pmi.widget|wg',
    'application/vnd.pocketlearn|plf',
    'application/vnd.powerbuilder6|pbd',
    'application/vnd.previewsystems.box|box',
    'application/vnd.procrate.brushset|brushset',
    'application/vnd.procreate.brush|brush',
    'application/vnd.procreate.dream|drm',
    'application/vnd.proteus.magazine|mgz',
    'application/vnd.publishare-delta-tree|qps',
    'application/vnd.pvi.ptid1|ptid',
    'application/vnd.pwg-xhtml-print+xml|xhtm',
    'application/vnd.quark.quarkxpress|qwd qwt qxb qxd qxl qxt',
    'application/vnd.rar|rar',
    'application/vnd.realvnc.bed|bed',
    'application/vnd.recordare.musicxml|mxl',
    'application/vnd.recordare.musicxml+xml|musicxml',
    'application/vnd.rig.cryptonote|cryptonote',
    'application/vnd.rim.cod|cod',
    'application/vnd.rn-realmedia|rm',
    'application/vnd.rn-realmedia-vbr|rmvb',
    'application/vnd.route66.link66+xml|link66',
    'application/vnd.sailingtracker.track|st',
    'application/vnd.seemail|see',
    'application/vnd.sema|sema',
    'application/vnd.semd|semd',
    'application/vnd.semf|semf',
    'application/vnd.shana.informed.formdata|ifm',
    'application/vnd.shana.informed.formtemplate|itp',
    'application/vnd.shana.informed.interchange|iif',
    'application/vnd.shana.informed.package|ipk',
    'application/vnd.simtech-mindmapper|twd twds',
    'application/vnd.smaf|mmf',
    'application/vnd.smart.teacher|teacher',
    'application/vnd.software602.filler.form+xml|fo',
    'application/vnd.solent.sdkm+xml|sdkd sdkm',
    'application/vnd.spotfire.dxp|dxp',
    'application/vnd.spotfire.sfs|sfs',
    'application/vnd.stardivision.calc|sdc',
    'application/vnd.stardivision.draw|sda',
    'application/vnd.stardivision.impress|sdd',
    'application/vnd.stardivision.math|smf',
    'application/vnd.stardivision.writer|sdw vor',
    'application/vnd.stardivision.writer-global|sgl',
    'application/vnd.stepmania.package|smzip',
    'application/vnd.stepmania.stepchart|sm',
    'application/vnd.sun.wadl+xml|wadl',
    'application/vnd.sun.xml.calc|sxc',
    'application/vnd.sun.xml.calc.template|stc',
    'application/vnd.sun.xml.draw|sxd',
    'application/vnd.sun.xml.draw.template|std',
    'application/vnd.sun.xml.impress|sxi',
    'application/vnd.sun.xml.impress.template|sti',
    'application/vnd.sun.xml.math|sxm',
    'application/vnd.sun.xml.writer|sxw',
    'application/vnd.sun.xml.writer.global|sxg',
    'application/vnd.sun.xml.writer.template|stw',
    'application/vnd.sus-calendar|sus susp',
    'application/vnd.svd|svd',
    'application/vnd.symbian.install|sis sisx',
    'application/vnd.syncml+xml; charset=utf-8|xsm',
    'application/vnd.syncml.dm+wbxml; charset=utf-8|bdm',
    'application/vnd.syncml.dm+xml; charset=utf-8|xdm',
    'application/vnd.syncml.dmddf+xml; charset=utf-8|ddf',
    'application/vnd.tao.intent-module-archive|tao',
    'application/vnd.tcpdump.pcap|cap dmp pcap',
    'application/vnd.tmobile-livetv|tmo',
    'application/vnd.trid.tpt|tpt',
    'application/vnd.triscape.mxs|mxs',
    'application/vnd.trueapp|tra',
    'application/vnd.ufdl|ufd ufdl',
    'application/vnd.uiq.theme|utz',
    'application/vnd.umajin|umj',
    'application/vnd.unity|unityweb',
    'application/vnd.uoml+xml|uo uoml',
    'application/vnd.vcx|vcx',
    'application/vnd.visio|vsd vsdx vss vst vsw vtx',
    'application/vnd.visionary|vis',
    'application/vnd.vsf|vsf',
    'application/vnd.wap.wbxml; charset=utf-8|wbxml',
    'application/vnd.wap.wmlc|wmlc',
    'application/vnd.wap.wmlscriptc|wmlsc',
    'application/vnd.webturbo|wtb',
    'application/vnd.wolfram.player|nbp',
    'application/vnd.wordperfect|wpd',
    'application/vnd.wqd|wqd',
    'application/vnd.wt.stf|stf',
    'application/vnd.xara|xar',
    'application/vnd.xfdl|xfdl',
    'application/vnd.yamaha.hv-dic|hvd',
    'application/vnd.yamaha.hv-script|hvs',
    'application/vnd.yamaha.hv-voice|hvp',
    'application/vnd.yamaha.openscoreformat|osf',
    'application/vnd.yamaha.openscoreformat.osfpvg+xml|osfpvg',
    'application/vnd.yamaha.smaf-audio|saf',
    'application/vnd.yamaha.smaf-phrase|spf',
    'application/vnd.yellowriver-custom-menu|cmp',
    'application/vnd.zul|zir zirz',
    'application/vnd.zzazz.deck+xml|zaz',
    'application/voicexml+xml|vxml',
    'application/wasm|wasm',
    'application/watcherinfo+xml|wif',
    'application/widget|wgt',
    'application/winhlp|hlp',
    'application/wsdl+xml|wsdl',
    'application/wspolicy+xml|wspolicy',
    'application/x-7z-compressed|7z',
    'application/x-abiword|abw',
    'application/x-ace-compressed|ace',
    'application/x-apple-diskimage|dmg',
    'application/x-arj|arj',
    'application/x-authorware-bin|aab u32 vox x32',
    'application/x-authorware-map|aam',
    'application/x-authorware-seg|aas',
    'application/x-bcpio|bcpio',
    'application/x-bittorrent|torrent',
    'application/x-blender|blend',
    'application/x-blorb|blb blorb',
    'application/x-bzip|bz',
    'application/x-bzip2|boz bz2',
    'application/x-cbr|cb7 cba cbr cbt cbz',
    'application/x-cdlink|vcd',
    'application/x-cfs-compressed|cfs',
    'application/x-chat|chat',
    'application/x-chess-pgn|pgn',
    'application/x-chrome-extension|crx',
    'application/x-cocoa|cco',
    'application/x-conference|nsc',
    'application/x-cpio|cpio',
    'application/x-csh|csh',
    'application/x-debian-package|deb udeb',
    'application/x-dgc-compressed|dgc',
    'application/x-director|cct cst cxt dcr dir dxr fgd swa w3d',
    'application/x-doom|wad',
    'application/x-dtbncx+xml|ncx',
    'application/x-dtbook+xml|dtb',
    'application/x-dtbresource+xml|res',
    'application/x-dvi|dvi',
    'application/x-envoy|evy',
    'application/x-eva|eva',
    'application/x-font-bdf|bdf',
    'application/x-font-ghostscript|gsf',
    'application/x-font-linux-psf|psf',
    'application/x-font-pcf|pcf',
    'application/x-font-snf|snf',
    'application/x-font-type1|afm pfa pfb pfm',
    'application/x-freearc|arc',
    'application/x-futuresplash|spl',
    'application/x-gca-compressed|gca',
    'application/x-glulx|ulx',
    'application/x-gnumeric|gnumeric',
    'application/x-gramps-xml|gramps',
    'application/x-gtar|gtar',
    'application/x-hdf|hdf',
    'application/x-httpd-php|php',
    'application/x-install-instructions|install',
    'application/x-ipynb+json|ipynb',
    'application/x-iso9660-image|iso',
    'application/x-java-archive-diff|jardiff',
    'application/x-java-jnlp-file|jnlp',
    'application/x-keepass2|kdbx',
    'application/x-latex|latex',
    'application/x-lua-bytecode|luac',
    'application/x-lzh-compressed|lha lzh',
    'application/x-makeself|run',
    'application/x-mie|mie',
    'application/x-mobipocket-ebook|mobi',
    'application/x-ms-application|application',
    'application/x-ms-shortcut|lnk',
    'application/x-ms-wmd|wmd',
    'application/x-ms-wmz|wmz',
    'application/x-ms-xbap|xbap',
    'application/x-msaccess|mdb',
    'application/x-msbinder|obd',
    'application/x-mscardfile|crd',
    'application/x-msclip|clp',
    'application/x-msdos-program|exe',
    'application/x-msdownload|bat com dll msi',
    'application/x-msmediaview|m13 m14 mvb',
    'application/x-msmetafile|emz',
    'application/x-msmoney|mny',
    'application/x-mspublisher|pub',
    'application/x-msschedule|scd',
    'application/x-msterminal|trm',
    'application/x-mswrite|wri',
    'application/x-netcdf|cdf nc',
    'application/x-ns-proxy-autoconfig|pac',
    'application/x-nzb|nzb',
    'application/x-perl|pl pm',
    'application/x-pkcs12|p12 pfx',
    'application/x-pkcs7-certificates|p7b spc',
    'application/x-pkcs7-certreqresp|p7r',
    'application/x-redhat-package-manager|rpm',
    'application/x-research-info-systems|ris',
    'application/x-sea|sea',
    'application/x-sh|sh',
    'application/x-shar|shar',
    'application/x-shockwave-flash|swf',
    'application/x-silverlight-app|xap',
    'application/x-stuffit|sit',
    'application/x-stuffitx|sitx',
    'application/x-subrip|srt',
    'application/x-sv4cpio|sv4cpio',
    'application/x-sv4crc|sv4crc',
    'application/x-t3vm-image|t3',
    'application/x-tads|gam',
    'application/x-tar|tar',
    'application/x-tcl|tcl tk',
    'application/x-tex|tex',
    'application/x-tex-tfm|tfm',
    'application/x-texinfo|texi texinfo',
    'application/x-ustar|ustar',
    'application/x-virtualbox-hdd|hdd',
    'application/x-virtualbox-ova|ova',
    'application/x-virtualbox-ovf|ovf',
    'application/x-virtualbox-vbox|vbox',
    'application/x-virtualbox-vbox-extpack|vbox-extpack',
    'application/x-virtualbox-vdi|vdi',
    'application/x-virtualbox-vhd|vhd',
    'application/x-virtualbox-vmdk|vmdk',
    'application/x-wais-source|src',
    'application/x-web-app-manifest+json|webapp',
    'application/x-x509-ca-cert|crt der pem',
    'application/x-xfig|fig',
    'application/x-xpinstall|xpi',
    'application/x-xz|xz',
    'application/x-zmachine|z1 z2 z3 z4 z5 z6 z7 z8',
    'application/xaml+xml|xaml',
    'application/xcap-att+xml|xav',
    'application/xcap-caps+xml|xca',
    'application/xcap-diff+xml|xdf',
    'application/xcap-el+xml|xel',
    'application/xcap-ns+xml|xns',
    'application/xenc+xml|xenc',
    'application/xfdf|xfdf',
    'application/xhtml+xml|xht xhtml',
    'application/xliff+xml|xlf',
    'application/xml|rng xml xsd xsl',
    'application/xml-dtd|dtd',
    'application/xop+xml|xop',
    'application/xproc+xml|xpl',
    'application/xslt+xml|xslt',
    'application/xspf+xml|xspf',
    'application/xv+xml|mxml xhvml xvm xvml',
    'application/yang|yang',
    'application/yin+xml|yin',
    'application/zip|zip',
    'application/zip+dotlottie|lottie',
    'audio/aac|aac adts',
    'audio/adpcm|adp',
    'audio/amr|amr',
    'audio/basic|au snd',
    'audio/midi|kar mid midi rmi',
    'audio/mobile-xmf|mxmf',
    'audio/mp4|m4a m4b mp4a',
    'audio/mpeg|m2a m3a mp2 mp2a mp3 mpga',
    'audio/ogg|oga ogg opus spx',
    'audio/s3m|s3m',
    'audio/silk|sil',
    'audio/vnd.dece.audio|uva uvva',
    'audio/vnd.digital-winds|eol',
    'audio/vnd.dra|dra',
    'audio/vnd.dts|dts',
    'audio/vnd.dts.hd|dtshd',
    'audio/vnd.lucent.voice|lvp',
    'audio/vnd.ms-playready.media.pya|pya',
    'audio/vnd.nuera.ecelp4800|ecelp4800',
    'audio/vnd.nuera.ecelp7470|ecelp7470',
    'audio/vnd.nuera.ecelp9600|ecelp9600',
    'audio/vnd.rip|rip',
    'audio/wav|wav',
    'audio/webm|weba',
    'audio/x-aiff|aif aifc aiff',
    'audio/x-caf|caf',
    'audio/x-flac|flac',
    'audio/x-matroska|mka',
    'audio/x-mpegurl|m3u',
    'audio/x-ms-wax|wax',
    'audio/x-ms-wma|wma',
    'audio/x-pn-realaudio|ra ram',
    'audio/x-pn-realaudio-plugin|rmp',
    'audio/xm|xm',
    'chemical/x-cdx|cdx',
    'chemical/x-cif|cif',
    'chemical/x-cmdf|cmdf',
    'chemical/x-cml|cml',
    'chemical/x-csml|csml',
    'chemical/x-xyz|xyz',
    'font/collection|ttc',
    'font/otf|otf',
    'font/ttf|ttf',
    'font/woff|woff',
    'font/woff2|woff2',
    'image/aces|exr',
    'image/apng|apng',
    'image/avci|avci',
    'image/avcs|avcs',
    'image/avif|avif',
    'image/bmp|bmp dib',
    'image/cgm|cgm',
    'image/dicom-rle|drle',
    'image/dpx|dpx',
    'image/emf|emf',
    'image/fits|fits',
    'image/g3fax|g3',
    'image/gif|gif',
    'image/heic|heic',
    'image/heic-sequence|heics',
    'image/heif|heif',
    'image/heif-sequence|heifs',
    'image/hej2k|hej2',
    'image/ief|ief',
    'image/jaii|jaii',
    'image/jais|jais',
    'image/jls|jls',
    'image/jp2|jp2 jpg2',
    'image/jpeg|jpe jpeg jpg',
    'image/jph|jph',
    'image/jphc|jhc',
    'image/jpm|jpgm jpm',
    'image/jpx|jpf jpx',
    'image/jxl|jxl',
    'image/jxr|jxr',
    'image/jxra|jxra',
    'image/jxrs|jxrs',
    'image/jxs|jxs',
    'image/jxsc|jxsc',
    'image/jxsi|jxsi',
    'image/jxss|jxss',
    'image/ktx|ktx',
    'image/ktx2|ktx2',
    'image/pjpeg|jfif',
    'image/png|png',
    'image/prs.btif|btf btif',
    'image/prs.pti|pti',
    'image/sgi|sgi',
    'image/svg+xml|svg svgz',
    'image/t38|t38',
    'image/tiff|tif tiff',
    'image/tiff-fx|tfx',
    'image/vnd.adobe.photoshop|psd',
    'image/vnd.airzip.accelerator.azv|azv',
    'image/vnd.dece.graphic|uvg uvi uvvg uvvi',
    'image/vnd.djvu|djv djvu',
    'image/vnd.dwg|dwg',
    'image/vnd.dxf|dxf',
    'image/vnd.fastbidsheet|fbs',
    'image/vnd.fpx|fpx',
    'image/vnd.fst|fst',
    'image/vnd.fujixerox.edmics-mmr|mmr',
    'image/vnd.fujixerox.edmics-rlc|rlc',
    'image/vnd.microsoft.icon|ico',
    'image/vnd.ms-dds|dds',
    'image/vnd.ms-modi|mdi',
    'image/vnd.ms-photo|wdp',
    'image/vnd.net-fpx|npx',
    'image/vnd.pco.b16|b16',
    'image/vnd.tencent.tap|tap',
    'image/vnd.valve.source.texture|vtf',
    'image/vnd.wap.wbmp|wbmp',
    'image/vnd.xiff|xif',
    'image/vnd.zbrush.pcx|pcx',
    'image/webp|webp',
    'image/wmf|wmf',
    'image/x-3ds|3ds',
    'image/x-adobe-dng|dng',
    'image/x-cmu-raster|ras',
    'image/x-cmx|cmx',
    'image/x-freehand|fh fh4 fh5 fh7 fhc',
    'image/x-jng|jng',
    'image/x-mrsid-image|sid',
    'image/x-pict|pct pic',
    'image/x-portable-anymap|pnm',
    'image/x-portable-bitmap|pbm',
    'image/x-portable-graymap|pgm',
    'image/x-portable-pixmap|ppm',
    'image/x-rgb|rgb',
    'image/x-tga|tga',
    'image/x-xbitmap|xbm',
    'image/x-xpixmap|xpm',
    'image/x-xwindowdump|xwd',
    'message/disposition-notification|disposition-notification',
    'message/global|u8msg',
    'message/global-delivery-status|u8dsn',
    'message/global-disposition-notification|u8mdn',
    'message/global-headers|u8hdr',
    'message/rfc822|eml mht mhtml mime',
    'message/vnd.wfa.wsc|wsc',
    'model/3mf|3mf',
    'model/gltf+json|gltf',
    'model/gltf-binary|glb',
    'model/iges|iges igs',
    'model/jt|jt',
    'model/mesh|mesh msh silo',
    'model/mtl|mtl',
    'model/obj|obj',
    'model/prc|prc',
    'model/step|210 p21 step stp stpnc',
    'model/step+xml|stpx',
    'model/step+zip|stpz',
    'model/step-xml+zip|stpxz',
    'model/stl|stl',
    'model/u3d|u3d',
    'model/vnd.bary|bary',
    'model/vnd.cld|cld',
    'model/vnd.collada+xml|dae',
    'model/vnd.dwf|dwf',
    'model/vnd.gdl|gdl',
    'model/vnd.gtw|gtw',
    'model/vnd.opengex|ogex',
    'model/vnd.parasolid.transmit.binary|x_b',
    'model/vnd.parasolid.transmit.text|x_t',
    'model/vnd.pytha.pyox|pyo pyox',
    'model/vnd.sap.vds|vds',
    'model/vnd.usda|usda',
    'model/vnd.usdz+zip|usdz',
    'model/vnd.valve.source.compiled-map|bsp',
    'model/vnd.vtu|vtu',
    'model/vrml|vrml wrl',
    'model/x3d+binary|x3dbz',
    'model/x3d+fastinfoset|x3db',
    'model/x3d+vrml|x3dvz',
    'model/x3d+xml|x3d x3dz',
    'model/x3d-vrml|x3dv',
    'text/cache-manifest; charset=utf-8|appcache manifest',
    'text/calendar; charset=utf-8|ics ifb',
    'text/coffeescript; charset=utf-8|coffee litcoffee',
    'text/css; charset=utf-8|css',
    'text/csv; charset=utf-8|csv',
    'text/html; charset=utf-8|htm html shtml',
    'text/jade; charset=utf-8|jade',
    'text/javascript; charset=utf-8|js mjs',
    'text/jsx; charset=utf-8|jsx',
    'text/less; charset=utf-8|less',
    'text/markdown; charset=utf-8|markdown md',
    'text/mathml; charset=utf-8|mml',
    'text/mdx; charset=utf-8|mdx',
    'text/n3; charset=utf-8|n3',
    'text/plain; charset=utf-8|conf def in ini list log text txt',
    'text/prs.lines.tag; charset=utf-8|dsc',
    'text/richtext; charset=utf-8|rtx',
    'text/sgml; charset=utf-8|sgm sgml',
    'text/shex; charset=utf-8|shex',
    'text/slim; charset=utf-8|slim slm',
    'text/spdx; charset=utf-8|spdx',
    'text/stylus; charset=utf-8|styl stylus',
    'text/tab-separated-values; charset=utf-8|tsv',
    'text/troff; charset=utf-8|man me ms roff t tr',
    'text/turtle; charset=utf-8|ttl',
    'text/uri-list; charset=utf-8|uri uris urls',
    'text/vcard; charset=utf-8|vcard',
    'text/vnd.curl.dcurl; charset=utf-8|dcurl',
    'text/vnd.curl.mcurl; charset=utf-8|mcurl',
    'text/vnd.curl.scurl; charset=utf-8|scurl',
    'text/vnd.curl; charset=utf-8|curl',
    'text/vnd.dvb.subtitle; charset=utf-8|sub',
    'text/vnd.familysearch.gedcom; charset=utf-8|ged',
    'text/vnd.fly; charset=utf-8|fly',
    'text/vnd.fmi.flexstor; charset=utf-8|flx',
    'text/vnd.graphviz; charset=utf-8|gv',
    'text/vnd.in3d.3dml; charset=utf-8|3dml',
    'text/vnd.in3d.spot; charset=utf-8|spot',
    'text/vnd.sun.j2me.app-descriptor; charset=utf-8|jad',
    'text/vnd.wap.wml; charset=utf-8|wml',
    'text/vnd.wap.wmlscript; charset=utf-8|wmls',
    'text/vtt; charset=utf-8|vtt',
    'text/wgsl; charset=utf-8|wgsl',
    'text/x-asm; charset=utf-8|asm s',
    'text/x-c; charset=utf-8|c cc cpp cxx dic h hh',
    'text/x-component; charset=utf-8|htc',
    'text/x-fortran; charset=utf-8|f f77 f90 for',
    'text/x-handlebars-template; charset=utf-8|hbs',
    'text/x-java-source; charset=utf-8|java',
    'text/x-lua; charset=utf-8|lua',
    'text/x-markdown; charset=utf-8|mkd',
    'text/x-nfo; charset=utf-8|nfo',
    'text/x-opml; charset=utf-8|opml',
    'text/x-pascal; charset=utf-8|p pas',
    'text/x-processing; charset=utf-8|pde',
    'text/x-sass; charset=utf-8|sass',
    'text/x-scss; charset=utf-8|scss',
    'text/x-setext; charset=utf-8|etx',
    'text/x-sfv; charset=utf-8|sfv',
    'text/x-suse-ymp; charset=utf-8|ymp',
    'text/x-uuencode; charset=utf-8|uu',
    'text/x-vcalendar; charset=utf-8|vcs',
    'text/x-vcard; charset=utf-8|vcf',
    'text/yaml; charset=utf-8|yaml yml',
    'video/3gpp|3gp 3gpp',
    'video/3gpp2|3g2',
    'video/h261|h261',
    'video/h263|h263',
    'video/h264|h264',
    'video/iso.segment|m4s',
    'video/jpeg|jpgv',
    'video/mj2|mj2 mjp2',
    'video/mp2t|m2t m2ts mts ts',
    'video/mp4|mp4 mp4v mpg4',
    'video/mpeg|m1v m2v mpe mpeg mpg',
    'video/ogg|ogv',
    'video/quicktime|mov qt',
    'video/vnd.dece.hd|uvh uvvh',
    'video/vnd.dece.mobile|uvm uvvm',
    'video/vnd.dece.pd|uvp uvvp',
    'video/vnd.dece.sd|uvs uvvs',
    'video/vnd.dece.video|uvv uvvv',
    'video/vnd.dvb.file|dvb',
    'video/vnd.fvt|fvt',
    'video/vnd.mpegurl|m4u mxu',
    'video/vnd.ms-playready.media.pyv|pyv',
    'video/vnd.uvvu.mp4|uvu uvvu',
    'video/vnd.vivo|viv',
    'video/webm|webm',
    'video/x-f4v|f4v',
    'video/x-fli|fli',
    'video/x-flv|flv',
    'video/x-m4v|m4v',
    'video/x-matroska|mk3d mks mkv',
    'video/x-mng|mng',
    'video/x-ms-asf|asf asx',
    'video/x-ms-vob|vob',
    'video/x-ms-wm|wm',
    'video/x-ms-wmv|wmv',
    'video/x-ms-wmx|wmx',
    'video/x-ms-wvx|wvx',
    'video/x-msvideo|avi',
    'video/x-sgi-movie|movie',
    'video/x-smv|smv',
    'x-conference/x-cooltalk|ice',
];

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(4006);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/inputs/header-rules.ts


function globMatcher(glob) {
    // `*.html` (no slash) matches at any depth, like .gitignore; `dot` so `.well-known/**` works.
    // One compiled expression: picomatch's own matcher splits the key on every call, and the
    // walk asks once per file.
    const pattern = picomatch_default().makeRe(glob.includes('/') ? glob : `**/${glob}`, { dot: true });
    return (key) => pattern.test(key);
}
/** Parses `GLOB: VALUE` lines; the first matching rule wins. */
function parseHeaderRules(input, text) {
    return nonEmptyLines(text).map((line) => {
        const match = /^(.+?):\s+(\S.*)$/.exec(line);
        if (!match?.[1] || !match[2]) {
            throw new DeployError(`Input "${input}" is invalid: line ${JSON.stringify(line)} is not "GLOB: VALUE" (for example "**/*.html: no-cache").`, { badInput: true });
        }
        const glob = match[1].trim();
        return { glob, value: match[2].trim(), matches: globMatcher(glob) };
    });
}
function firstMatch(rules, key) {
    return rules.find((rule) => rule.matches(key))?.value;
}
function nonEmptyLines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}

;// CONCATENATED MODULE: ./src/inputs/content-type.ts


const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
/**
 * The Content-Type for a key: a `content-type` rule if one matches, else by extension
 * (never by sniffing the bytes), with `; charset=utf-8` for text types.
 */
// Pelican and other generators name feeds `*.atom.xml` and `*.rss.xml`; readers want the feed type.
const FEED_TYPES = [
    ['.atom.xml', 'application/atom+xml; charset=utf-8'],
    ['.rss.xml', 'application/rss+xml; charset=utf-8'],
];
function contentTypeFor(key, rules = []) {
    const override = rules.length > 0 ? firstMatch(rules, key) : undefined;
    return override ?? typeByName(key);
}
// Content-Type by lower-case extension ('.html'), from the table generated from mime-types
// (scripts/content-types.mjs), built on first use.
let typeByExtension;
function typeByName(key) {
    const name = key.slice(key.lastIndexOf('/') + 1);
    const dot = name.lastIndexOf('.');
    // A name with no extension (`json`, `.htaccess`) has no type to go by.
    if (dot <= 0)
        return DEFAULT_CONTENT_TYPE;
    const extension = name.slice(dot).toLowerCase();
    if (extension === '.xml') {
        const lower = name.toLowerCase();
        const feed = FEED_TYPES.find(([suffix]) => lower.endsWith(suffix));
        if (feed)
            return feed[1];
    }
    typeByExtension ??= extensionTable();
    return typeByExtension.get(extension) ?? DEFAULT_CONTENT_TYPE;
}
function extensionTable() {
    const table = new Map();
    for (const entry of CONTENT_TYPES) {
        const [type = '', extensions = ''] = entry.split('|');
        for (const extension of extensions.split(' '))
            table.set(`.${extension}`, type);
    }
    return table;
}

;// CONCATENATED MODULE: ./src/inputs/object-headers.ts


function desiredHeaders(key, settings) {
    return {
        contentType: contentTypeFor(key, settings.contentType),
        cacheControl: firstMatch(settings.cacheControl, key),
    };
}
/** Names of the headers that differ, e.g. ['Content-Type']; empty when they match. */
function headerDifferences(current, desired) {
    const differences = [];
    if (normalise(current.contentType) !== normalise(desired.contentType))
        differences.push('Content-Type');
    if ((current.cacheControl ?? '') !== (desired.cacheControl ?? ''))
        differences.push('Cache-Control');
    return differences;
}
// `text/html;charset=utf-8` and `text/html; charset=UTF-8` are the same type.
function normalise(contentType) {
    return contentType.toLowerCase().replace(/\s*;\s*/g, ';');
}

;// CONCATENATED MODULE: ./src/base/json-pieces.ts

/**
 * The text of `JSON.stringify(value, null, space)`, in pieces. `value` is plain data (no
 * toJSON, functions or symbols), for which the text of a part is the same wherever it sits.
 */
function* jsonPieces(value, options, indent = '') {
    if (isLeaf(value, options)) {
        yield leafText(value, options, indent);
        return;
    }
    const inner = options.space > 0 ? `${indent}${' '.repeat(options.space)}` : '';
    const open = options.space > 0 ? `\n${inner}` : '';
    const close = options.space > 0 ? `\n${indent}` : '';
    const deeper = { ...options, depth: options.depth - 1 };
    if (Array.isArray(value)) {
        // Item by item, with no array of entries beside a list of 100,000.
        for (let index = 0; index < value.length; index++) {
            const item = value[index] ?? null;
            yield index === 0 ? `[${open}` : `,${open}`;
            if (isLeaf(item, deeper))
                yield leafText(item, deeper, inner);
            else
                yield* jsonPieces(item, deeper, inner);
        }
        yield value.length === 0 ? '[]' : `${close}]`;
        return;
    }
    const fields = value;
    let separator = `{${open}`;
    for (const key of Object.keys(fields)) {
        if (fields[key] === undefined)
            continue;
        yield `${separator}${JSON.stringify(key)}:${options.space > 0 ? ' ' : ''}`;
        yield* jsonPieces(fields[key], deeper, inner);
        separator = `,${open}`;
    }
    yield separator === `{${open}` ? '{}' : `${close}}`;
}
function isLeaf(value, options) {
    return options.depth <= 0 || value === null || typeof value !== 'object';
}
function leafText(value, options, indent) {
    const text = JSON.stringify(value, null, options.space) ?? 'null';
    // A JSON text has no newline inside a string: each one is a line break to indent.
    return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}
/** The UTF-8 bytes of the pieces, in one buffer of exactly their size (they are made twice). */
function jsonBytes(value, options, end = '\n') {
    let total = Buffer.byteLength(end);
    for (const piece of jsonPieces(value, options))
        total += Buffer.byteLength(piece);
    const bytes = Buffer.allocUnsafe(total);
    let written = 0;
    for (const batch of batches(jsonPieces(value, options), end)) {
        written += bytes.write(batch, written);
    }
    if (written !== total)
        throw new Error(`JSON of ${total} bytes: ${written} written`);
    return bytes;
}
/** Writes the pieces to a new file at `path`, a batch at a time. */
function writeJsonFile(path, value, options, end = '\n') {
    const file = openSync(path, 'w');
    try {
        for (const batch of batches(jsonPieces(value, options), end))
            writeSync(file, batch);
    }
    finally {
        closeSync(file);
    }
}
/** The pieces joined into strings of about 64 K characters, then `end`. */
function* batches(pieces, end) {
    let text = '';
    for (const piece of pieces) {
        text += piece;
        if (text.length < 65_536)
            continue;
        yield text;
        text = '';
    }
    yield text + end;
}

;// CONCATENATED MODULE: ./src/bucket/deploy-record.ts


/**
 * One object per deploy that wrote, at the prefix beside the state and the lock. Its name starts
 * with ".s3-cf-sync" and has no "/", so it is one of the action's own objects: never synced,
 * deleted or counted as a site file, and its name comes with every listing for free.
 */
const RECORD_NAME_PREFIX = '.s3-cf-sync.deploy.';
const RECORD_NAME_SUFFIX = '.json';
const ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{4}$/;
function recordName(id) {
    return `${RECORD_NAME_PREFIX}${id}${RECORD_NAME_SUFFIX}`;
}
/** The deploy ID in a record's object name; undefined for any other name. */
function recordIdOf(name) {
    if (!name.startsWith(RECORD_NAME_PREFIX) || !name.endsWith(RECORD_NAME_SUFFIX))
        return undefined;
    const id = name.slice(RECORD_NAME_PREFIX.length, -RECORD_NAME_SUFFIX.length);
    return ID_PATTERN.test(id) ? id : undefined;
}
/** The recorded deploy IDs among the action's own object names, oldest first. */
function recordIds(ownNames) {
    const ids = [];
    for (const name of ownNames) {
        const id = recordIdOf(name);
        if (id !== undefined)
            ids.push(id);
    }
    return ids.sort();
}
function isDeployId(text) {
    return ID_PATTERN.test(text);
}
/**
 * `YYYYMMDD-HHMMSS-xxxx` (UTC): sorts as the deploys happened, reads as a time. Taken under the
 * lock, it is made later than the latest recorded one even when this machine's clock is behind.
 */
function newDeployId(now, latest, random = (0,external_node_crypto_.randomBytes)(2).toString('hex')) {
    const stamp = (ms) => new Date(ms)
        .toISOString()
        .replace(/\.\d+Z$/, '')
        .replace(/[-:]/g, '')
        .replace('T', '-');
    let time = Math.floor(now / 1000) * 1000;
    const latestTime = latest === undefined ? undefined : timeOfId(latest);
    if (latestTime !== undefined && time <= latestTime)
        time = latestTime + 1000;
    return `${stamp(time)}-${random}`;
}
function timeOfId(id) {
    const match = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(id);
    if (!match)
        return undefined;
    const [, y, mo, d, h, mi, s] = match.map(Number);
    return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}
/**
 * The record as stored: the bytes of `JSON.stringify(record)` and a newline, one change at a time
 * (a record of 100,000 changes is about 18 MB).
 */
function recordBytes(record) {
    return jsonBytes(record, { space: 0, depth: 2 });
}
/** A record as stored; undefined when it is not one this version understands. */
function parseRecord(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (parsed?.version !== 1 || typeof parsed.id !== 'string' || !Array.isArray(parsed.changes))
        return undefined;
    return {
        ...parsed,
        kind: parsed.kind === 'rollback' ? 'rollback' : 'deploy',
        status: parsed.status === 'complete' || parsed.status === 'failed' ? parsed.status : 'started',
        time: String(parsed.time ?? ''),
        counts: { uploaded: 0, updated: 0, deleted: 0, ...parsed.counts },
        acl: String(parsed.acl ?? ''),
        etags: parsed.etags ?? {},
    };
}
function writtenVersionOf(answer) {
    const versionId = answer.VersionId && answer.VersionId !== 'null' ? answer.VersionId : undefined;
    return { etag: answer.ETag?.replaceAll('"', '') ?? '', versionId };
}

;// CONCATENATED MODULE: ./src/bucket/multipart-upload.ts








/**
 * Uploads a large file in parts read straight from disk. Part buffers are taken from
 * `partSlots`, so memory stays at part size x concurrency whatever the file sizes.
 */
async function uploadMultipart(context, params, path, size) {
    const { s3 } = context;
    const { Bucket, Key } = params;
    const call = (operation, send) => awsCall(context, operation, Key, send);
    // Opened first: a file that cannot be read never leaves an upload to abort.
    const file = await (0,promises_.open)(path, 'r');
    try {
        const created = await call('CreateMultipartUpload', () => s3.call((client, sdk) => client.send(new sdk.CreateMultipartUploadCommand(params))));
        const UploadId = created.UploadId;
        try {
            const parts = await uploadParts(context, params, file, path, size, UploadId);
            return await completeUpload(context, params, UploadId, parts);
        }
        catch (error) {
            // Parts of an unfinished upload are billed until aborted.
            await s3
                .call((client, sdk) => client.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId })))
                .catch(() => { });
            throw error;
        }
    }
    finally {
        await file.close();
    }
}
async function uploadParts(context, { Bucket, Key }, file, path, size, UploadId) {
    const partSize = ownPartSize(size);
    const partNumbers = Array.from({ length: Math.ceil(size / partSize) }, (_, index) => index + 1);
    return mapConcurrent(partNumbers, 4, (PartNumber) => context.partSlots.use(async () => {
        const length = Math.min(partSize, size - (PartNumber - 1) * partSize);
        const body = Buffer.allocUnsafe(length);
        const { bytesRead } = await file.read(body, 0, length, (PartNumber - 1) * partSize);
        if (bytesRead !== length)
            throw new Error(`${control_characters_showControlCharacters(path)} changed size while it was uploaded.`);
        const md5 = (0,external_node_crypto_.createHash)('md5').update(body).digest();
        const part = await awsCall(context, 'UploadPart', Key, () => context.s3.call((client, sdk) => client.send(new sdk.UploadPartCommand({
            Bucket,
            Key,
            UploadId,
            PartNumber,
            Body: body,
            ContentMD5: md5.toString('base64'),
        }))));
        return { PartNumber, ETag: part.ETag, md5 };
    }));
}
/**
 * Completes the upload. If a retried Complete finds the upload gone (the first one succeeded
 * but its answer was lost), the object is checked against the ETag the parts must produce.
 */
async function completeUpload(context, { Bucket, Key }, UploadId, parts) {
    const Parts = parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag }));
    let attempts = 0;
    try {
        const answer = await awsCall(context, 'CompleteMultipartUpload', Key, () => {
            attempts += 1;
            return context.s3.call((client, sdk) => client.send(new sdk.CompleteMultipartUploadCommand({
                Bucket,
                Key,
                UploadId,
                MultipartUpload: { Parts },
            })));
        });
        return writtenVersionOf(answer);
    }
    catch (error) {
        if (attempts < 2 || awsErrorName(error) !== 'NoSuchUpload')
            throw error;
        const expected = multipartEtagOf(parts.map((part) => part.md5));
        const head = await awsCall(context, 'HeadObject', Key, () => context.s3.call((client, sdk) => client.send(new sdk.HeadObjectCommand({ Bucket, Key }))));
        if (head.ETag?.replaceAll('"', '') !== expected)
            throw error;
        return writtenVersionOf(head);
    }
}

;// CONCATENATED MODULE: ./src/bucket/header-rewrite.ts






const GiB = 1024 ** 3;
/** S3's limit: one CopyObject copies at most 5 GiB. */
const S3_COPY_LIMITS = { maxCopyBytes: 5 * GiB };
/** The managed headers and everything else HeadObject says a rewrite must keep. */
function storedHeadersOf(head) {
    const kept = {
        ContentDisposition: head.ContentDisposition,
        ContentLanguage: head.ContentLanguage,
        ContentEncoding: head.ContentEncoding,
        Expires: head.Expires,
        Metadata: head.Metadata && Object.keys(head.Metadata).length > 0 ? head.Metadata : undefined,
        WebsiteRedirectLocation: head.WebsiteRedirectLocation,
        StorageClass: head.StorageClass,
        ServerSideEncryption: head.ServerSideEncryption,
        SSEKMSKeyId: head.SSEKMSKeyId,
        BucketKeyEnabled: head.BucketKeyEnabled,
    };
    for (const name of Object.keys(kept))
        if (kept[name] === undefined)
            delete kept[name];
    return {
        contentType: head.ContentType ?? '',
        cacheControl: head.CacheControl,
        ...(head.ContentLength !== undefined ? { size: head.ContentLength } : {}),
        kept: kept,
    };
}
const GRANT_HEADER = {
    FULL_CONTROL: 'GrantFullControl',
    READ: 'GrantRead',
    READ_ACP: 'GrantReadACP',
    WRITE_ACP: 'GrantWriteACP',
};
/**
 * An object's ACL as grant headers for the copy, so copy and ACL are one request (a kill
 * between two would leave the object private). `{}` when only the owner has access: a plain
 * copy gives exactly that, also on buckets with ACLs disabled, where S3 reports no other grant.
 */
function grantsOf(acl) {
    const owner = acl.Owner?.ID;
    const grants = acl.Grants ?? [];
    const ownerOnly = grants.every((grant) => grant.Grantee?.ID === owner && grant.Permission === 'FULL_CONTROL');
    if (ownerOnly)
        return {};
    const headers = {};
    for (const { Grantee: grantee, Permission: permission } of grants) {
        const header = GRANT_HEADER[permission ?? ''];
        const who = grantee?.URI
            ? `uri="${grantee.URI}"`
            : grantee?.ID
                ? `id="${grantee.ID}"`
                : grantee?.EmailAddress && `emailAddress="${grantee.EmailAddress}"`;
        // WRITE means nothing on an object; a grantee without a name cannot be sent back.
        if (header === undefined || !who)
            continue;
        headers[header] = [...(headers[header] ?? []), who];
    }
    return Object.fromEntries(Object.entries(headers).map(([header, grantees]) => [header, grantees.join(', ')]));
}
/** Reads the ACL a rewrite must send again (S3 never copies ACLs). */
async function readAcl(context, key) {
    const Key = context.settings.prefix + key;
    const acl = await awsCall(context, 'GetObjectAcl', Key, () => context.s3.call((client, sdk) => client.send(new sdk.GetObjectAclCommand({ Bucket: context.settings.bucket, Key }))));
    return grantsOf(acl);
}
/** Copies one object onto itself with the new headers and everything else it had. */
async function rewriteObject(context, { key, etag, headers, stored }, limits) {
    const { settings } = context;
    const Key = settings.prefix + key;
    const target = {
        Bucket: settings.bucket,
        Key,
        ...stored.kept,
        ContentType: headers.contentType,
        ...(headers.cacheControl ? { CacheControl: headers.cacheControl } : {}),
    };
    const grants = settings.acl ? { ACL: settings.acl } : (stored.acl ?? {});
    const source = {
        CopySource: copySource(settings.bucket, Key),
        CopySourceIfMatch: `"${etag}"`,
    };
    const copy = async (acl) => stored.size > limits.maxCopyBytes
        ? copyInParts(context, { ...target, ...acl }, source, stored.size)
        : copiedVersionOf(await awsCall(context, 'CopyObject', Key, () => context.s3.call((client, sdk) => client.send(
        // Tags are kept: TaggingDirective defaults to COPY.
        new sdk.CopyObjectCommand({
            ...target,
            ...acl,
            ...source,
            MetadataDirective: 'REPLACE',
        })))));
    try {
        return await copy(grants);
    }
    catch (error) {
        // Grants read from a bucket whose ACLs were disabled since: they no longer apply.
        if (settings.acl || awsErrorName(error) !== 'AccessControlListNotSupported')
            throw error;
        return copy({});
    }
}
/** What a CopyObject answered: the copy's ETag (in the result body) and version. */
function copiedVersionOf(answer) {
    return writtenVersionOf({ ETag: answer.CopyObjectResult?.ETag, VersionId: answer.VersionId });
}
/** Above 5 GiB: a multipart upload whose parts are server-side copies of byte ranges. */
async function copyInParts(context, target, source, size) {
    const { s3 } = context;
    const { Bucket, Key } = target;
    const created = await awsCall(context, 'CreateMultipartUpload', Key, () => s3.call((client, sdk) => client.send(new sdk.CreateMultipartUploadCommand(target))));
    const UploadId = created.UploadId;
    try {
        const parts = await mapConcurrent(copyPartRanges(size), 4, async (part) => {
            const copied = await awsCall(context, 'UploadPartCopy', Key, () => s3.call((client, sdk) => client.send(new sdk.UploadPartCopyCommand({
                Bucket,
                Key,
                UploadId,
                PartNumber: part.PartNumber,
                ...source,
                CopySourceRange: part.range,
            }))));
            const ETag = copied.CopyPartResult?.ETag;
            return { PartNumber: part.PartNumber, ETag, md5: md5OfEtag(ETag) };
        });
        return await completeUpload(context, { Bucket, Key }, UploadId, parts);
    }
    catch (error) {
        // Parts of an unfinished upload are billed until aborted.
        await s3
            .call((client, sdk) => client.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId })))
            .catch(() => { });
        throw error;
    }
}
/**
 * The byte ranges of a multipart copy, in this action's own part size: an object it uploaded
 * keeps its ETag, and any other gets one the next deploy recognises.
 */
function copyPartRanges(size) {
    const partSize = ownPartSize(size);
    return Array.from({ length: Math.ceil(size / partSize) }, (_, index) => {
        const first = index * partSize;
        const last = Math.min(size, first + partSize) - 1;
        return { PartNumber: index + 1, range: `bytes=${first}-${last}` };
    });
}
/** A part's ETag is the MD5 of its bytes (unencrypted or SSE-S3); anything else gives none. */
function md5OfEtag(etag) {
    const hex = etag?.replaceAll('"', '') ?? '';
    return /^[0-9a-f]{32}$/.test(hex) ? Buffer.from(hex, 'hex') : Buffer.alloc(0);
}
/** `BUCKET/KEY` with each key segment encoded: S3 decodes the whole header. */
function copySource(bucket, key) {
    return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

;// CONCATENATED MODULE: ./src/bucket/transfer.ts












function objectParams(context, key, headers) {
    const { settings } = context;
    return {
        Bucket: settings.bucket,
        Key: settings.prefix + key,
        ContentType: headers.contentType,
        ...(headers.cacheControl ? { CacheControl: headers.cacheControl } : {}),
        ...(settings.acl ? { ACL: settings.acl } : {}),
    };
}
/** Uploads every planned file; the first failure stops new uploads and is thrown. */
async function uploadAll(context, uploads, progress, onUploaded) {
    await mapConcurrent(uploads, context.settings.concurrency, async (upload) => {
        const written = await uploadOne(context, upload);
        context.logger.detail(`${upload.reason === 'new' ? 'Added' : 'Updated'} ${upload.file.key}`);
        progress.done(upload.file.size);
        onUploaded?.(upload, written);
    });
}
/** One file, in one PUT or in parts; what S3 answered (ETag, version) for the deploy record. */
async function uploadOne(context, { file, headers }) {
    const params = objectParams(context, file.key, headers);
    if (file.size >= context.settings.multipartThreshold) {
        return uploadMultipart(context, params, file.path, file.size);
    }
    const put = (Body) => context.s3.call((client, sdk) => client.send(new sdk.PutObjectCommand({
        ...params,
        Body,
        ContentLength: file.size,
        ContentMD5: hexToBase64(file.md5),
    })));
    if (file.size < SMALL_FILE_BYTES) {
        // Small bodies are sent from a pooled buffer, which every retry reuses.
        return context.buffers.use(async (buffer) => {
            const body = readInto(file.path, file.size, buffer);
            const answer = await awsCall(context, 'PutObject', params.Key, async () => {
                const fast = await fastPut(context, params, body, hexToBase64(file.md5));
                return fast ?? (await put(body));
            });
            return writtenVersionOf(answer);
        });
    }
    const answer = await awsCall(context, 'PutObject', params.Key, async () => {
        // A fresh stream per attempt; closed even when S3 answers before reading it all.
        const body = (0,external_node_fs_.createReadStream)(file.path);
        try {
            return await put(body);
        }
        finally {
            body.destroy();
        }
    });
    return writtenVersionOf(answer);
}
/** PutObject by our own request (src/aws/fast-s3.ts); undefined: the SDK is to send it. */
async function fastPut({ fast }, params, body, contentMd5) {
    const answer = await fast?.put(params.Key, body, {
        contentType: params.ContentType,
        contentMd5,
        cacheControl: params.CacheControl,
        acl: params.ACL,
    });
    if (answer === undefined)
        return undefined;
    const header = (name) => {
        const value = answer.headers[name];
        return Array.isArray(value) ? value[0] : value;
    };
    return { ETag: header('etag'), VersionId: header('x-amz-version-id') };
}
/**
 * A small file read whole into `buffer`. Synchronously: the file was just hashed, so it is in the
 * page cache, and fs/promises' open, read and close cost more than the read (0.4 ms a file, 6%
 * of a first deploy's CPU).
 */
function readInto(path, size, buffer) {
    const file = (0,external_node_fs_.openSync)(path, 'r');
    try {
        const bytesRead = (0,external_node_fs_.readSync)(file, buffer, 0, size, 0);
        if (bytesRead !== size)
            throw new Error(`${control_characters_showControlCharacters(path)} changed size while it was uploaded.`);
        return buffer.subarray(0, size);
    }
    finally {
        (0,external_node_fs_.closeSync)(file);
    }
}
/**
 * Rewrites headers in place: a copy onto itself, only if the object is still the one diffed,
 * keeping every header, the storage class, the encryption and the ACL that the rules do not set.
 */
async function updateAllHeaders(context, updates, limits = S3_COPY_LIMITS, onRewritten) {
    const updated = progressCounter(context.logger, 'updating headers', updates.length);
    await mapConcurrent(updates, context.settings.concurrency, async (update) => {
        const { key } = update.file;
        // Read in planning when the rules changed; a rewrite for a new "acl" alone reads it here.
        const read = update.stored?.kept && update.stored.size !== undefined
            ? update.stored
            : await headObject(context, key);
        const acl = context.settings.acl ? undefined : (read.acl ?? (await readAcl(context, key)));
        const stored = { ...read, size: read.size ?? update.file.size, ...(acl ? { acl } : {}) };
        const written = await rewriteObject(context, { key, etag: update.etag, headers: update.headers, stored }, limits);
        context.logger.detail(`Headers ${key} (${update.differences.join(', ')})`);
        updated();
        onRewritten?.(update, written, acl);
    });
}
/**
 * Reads the current headers of objects (HeadObject), for header-drift detection. Without the
 * "acl" input, the ACL of each object whose headers differ is read too, before anything is
 * written: a rewrite must send it again.
 */
async function readHeaders(context, keys) {
    const { settings } = context;
    const headers = new Map();
    const read = progressCounter(context.logger, 'reading headers', keys.length);
    await mapConcurrent(keys, settings.concurrency, async (key) => {
        const stored = await headObject(context, key);
        const differs = headerDifferences(stored, desiredHeaders(key, settings)).length > 0;
        const acl = differs && !settings.acl ? await readAcl(context, key) : undefined;
        headers.set(key, acl ? { ...stored, acl } : stored);
        read();
    });
    return headers;
}
async function headObject(context, key) {
    const Key = context.settings.prefix + key;
    const head = await awsCall(context, 'HeadObject', Key, () => context.s3.call((client, sdk) => client.send(new sdk.HeadObjectCommand({ Bucket: context.settings.bucket, Key }))));
    return storedHeadersOf(head);
}
// DeleteObjects takes at most 1,000 keys a request.
const DELETE_BATCH = 1000;
async function deleteAll(context, objects) {
    const batches = [];
    for (let start = 0; start < objects.length; start += DELETE_BATCH) {
        batches.push(objects.slice(start, start + DELETE_BATCH));
    }
    const deleted = progressCounter(context.logger, 'deleting', objects.length);
    await mapConcurrent(batches, Math.min(4, context.settings.concurrency), async (batch) => {
        let pending = batch.map((object) => ({ Key: context.settings.prefix + object.key }));
        // No key: a failure of the whole request is about the batch, not its first key.
        const failed = await awsCall(context, 'DeleteObjects', undefined, async () => {
            const result = await context.s3.call((client, sdk) => client.send(new sdk.DeleteObjectsCommand({
                Bucket: context.settings.bucket,
                Delete: { Objects: pending, Quiet: true },
            })));
            const errors = result.Errors ?? [];
            // S3 also reports InternalError or SlowDown per key, in a 200: send those keys again.
            if (errors.length > 0 && errors.every((error) => isTransientError(keyError(error)))) {
                pending = errors.map((error) => ({ Key: error.Key ?? '' }));
                const [first] = errors;
                throw Object.assign(keyError(first), { message: `${first?.Key}: ${first?.Message}` });
            }
            return errors;
        });
        // The failure to show is one that retrying cannot cure, such as AccessDenied.
        const failure = failed.find((error) => !isTransientError(keyError(error)));
        if (failure) {
            throw explainAwsError(keyError(failure), {
                operation: 'DeleteObjects',
                settings: context.settings,
                key: failure.Key ?? '',
            });
        }
        for (const object of batch)
            context.logger.detail(`Deleted ${object.key}`);
        deleted(batch.length);
    });
}
/** One key's failure in a DeleteObjects result, shaped like the SDK's errors. */
function keyError(failure) {
    return Object.assign(new Error(failure?.Message ?? 'DeleteObjects failed'), {
        name: failure?.Code ?? 'DeleteFailed',
        $metadata: { httpStatusCode: failure?.Code === 'AccessDenied' ? 403 : 400 },
    });
}

;// CONCATENATED MODULE: ./src/cloudfront/cloudfront-xml.ts

// The XML of the two CloudFront calls sent without the SDK (src/aws/fast-cloudfront.ts): the
// body of CreateInvalidation as the SDK serialises it, and the parts of the answers the deploy
// reads. test/cloudfront/fast-calls.test.ts compares both with the SDK's.
const NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
function escapeXml(text) {
    return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character] ?? '');
}
/** CreateInvalidation's body, byte for byte as the SDK sends it. */
function invalidationBatchXml(callerReference, paths) {
    const items = paths.map((path) => `<Path>${escapeXml(path)}</Path>`).join('');
    return (`<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="${NAMESPACE}">` +
        `<Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
        `<CallerReference>${escapeXml(callerReference)}</CallerReference></InvalidationBatch>`);
}
/** The text of the first `<tag>` in `xml`, or undefined; `<tag/>` is ''. */
function first(xml, tag) {
    const match = new RegExp(`<${tag}>([^<]*)</${tag}>|<${tag}\\s*/>`).exec(xml);
    return match ? unescapeXml(match[1] ?? '') : undefined;
}
/** The new invalidation's ID, from CreateInvalidation's answer. */
function invalidationIdOf(xml) {
    return first(xml, 'Id');
}
/**
 * What the deploy reads of GetDistributionConfig's answer (origins' domains and paths, the
 * default root object), shaped as the SDK's. Undefined when the answer is not one: the SDK reads.
 */
function distributionConfigOf(xml) {
    if (!xml.includes('<DistributionConfig'))
        return undefined;
    const origins = /<Origins>([\s\S]*?)<\/Origins>/.exec(xml)?.[1];
    if (origins === undefined)
        return undefined;
    // <Origin> holds no element of that very name (<OriginPath>, <OriginShield>... are others).
    const items = [...origins.matchAll(/<Origin>([\s\S]*?)<\/Origin>/g)].map(([, origin = '']) => ({
        Id: first(origin, 'Id'),
        DomainName: first(origin, 'DomainName'),
        OriginPath: first(origin, 'OriginPath'),
    }));
    // The root object is the config's own, after its origins and behaviours.
    const rest = xml.replace(/<Origins>[\s\S]*?<\/Origins>/, '');
    const root = first(rest, 'DefaultRootObject');
    return {
        Origins: {
            Quantity: items.length,
            Items: items,
        },
        ...(root !== undefined ? { DefaultRootObject: root } : {}),
    };
}

;// CONCATENATED MODULE: ./src/cloudfront/path-encoding.ts
/** CloudFront rejects invalidation paths longer than this many characters. */
const MAX_PATH_LENGTH = 4000;
// What a browser leaves as it is in a URL path (letters, digits, RFC 1738 safe and reserved
// characters); CloudFront only matches that form. `~` and `*` are left to the callers, which turn
// them into wildcards; `?` would start a query string, so it is encoded like the unsafe characters.
const LITERAL_CHARACTER = /^[A-Za-z0-9\-._~*/+!$&'(),;=:@]$/;
const LITERAL_PATH = /^[A-Za-z0-9\-._~*/+!$&'(),;=:@]*$/;
// A raw `~` is rejected and `%7E` matches nothing (aws-sdk-js-v3#4042); a literal `*` is a
// wildcard. Neither can be invalidated exactly, only by a wildcard ending just before it.
const UNMATCHABLE_CHARACTER = /[~*]/;
const INDEX_DOCUMENT = 'index.html';
const utf8 = new TextEncoder();
/** Percent-encodes a URL path the way a browser sends it (UTF-8 bytes, uppercase hex). */
function encodeCloudFrontPath(path) {
    // Most keys need no encoding: the same string, not one built a character at a time (for
    // 100,000 keys that was 180 MB of garbage in one go).
    if (LITERAL_PATH.test(path))
        return path;
    let encoded = '';
    for (const character of path) {
        encoded += LITERAL_CHARACTER.test(character) ? character : percentEncode(character);
    }
    return encoded;
}
function percentEncode(character) {
    let encoded = '';
    for (const byte of utf8.encode(character)) {
        encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return encoded;
}
/**
 * The CloudFront paths that invalidate one key (as the viewer asks for it), sorted: `/key`, plus
 * its pretty URL when indexForms is set: `/dir/` for `dir/index.html`, and `/` for rootDocument
 * (the distribution's default root object). A key holding `~` or `*` yields a single wildcard
 * ending just before that character.
 */
function urlPathsForKey(key, indexForms, rootDocument = INDEX_DOCUMENT) {
    const unmatchable = key.search(UNMATCHABLE_CHARACTER);
    if (unmatchable >= 0) {
        return [fitPathLength(`/${encodeCloudFrontPath(key.slice(0, unmatchable))}*`)];
    }
    const paths = [fitPathLength(`/${encodeCloudFrontPath(key)}`)];
    const directories = indexForms ? indexDirectories(key, rootDocument) : [];
    for (const directory of directories) {
        const path = fitPathLength(`/${encodeCloudFrontPath(directory)}`);
        if (!paths.includes(path))
            paths.push(path);
    }
    return paths.length === 1 ? paths : paths.sort();
}
/**
 * The directories (with their trailing slash, '' for the root) that serve key as their index
 * page. CloudFront's default root object applies to `/` only; a sub-folder's index is
 * `index.html`, served by the website endpoint or a viewer-request function.
 */
function indexDirectories(key, rootDocument) {
    const directories = key === rootDocument ? [''] : [];
    if (key.endsWith(`/${INDEX_DOCUMENT}`))
        directories.push(key.slice(0, -INDEX_DOCUMENT.length));
    return directories;
}
/**
 * A user-given path, kept verbatim except where CloudFront would reject or misread it: a `~` or a
 * `*` before the end makes it a wildcard ending there, and an over-long path is shortened.
 */
function explicitInvalidationPath(path) {
    const unmatchable = path.search(UNMATCHABLE_CHARACTER);
    return fitPathLength(unmatchable >= 0 ? `${path.slice(0, unmatchable)}*` : path);
}
/**
 * A path within CloudFront's length limit: an over-long one becomes the wildcard of its directory,
 * or, when the directory alone is too long, of its longest prefix that fits (never cutting a %XX).
 */
function fitPathLength(path) {
    if (path.length <= MAX_PATH_LENGTH)
        return path;
    const prefix = path.endsWith('*') ? path.slice(0, -1) : path;
    const directory = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    if (directory.length > 0 && directory.length < MAX_PATH_LENGTH)
        return `${directory}*`;
    return `${prefix.slice(0, escapeBoundary(prefix, MAX_PATH_LENGTH - 1))}*`;
}
/** end, moved back if it would split a percent-escape. */
function escapeBoundary(path, end) {
    if (path[end - 1] === '%')
        return end - 1;
    if (path[end - 2] === '%')
        return end - 2;
    return end;
}

;// CONCATENATED MODULE: ./src/cloudfront/invalidation-paths.ts


/** CloudFront allows 15 wildcard paths in progress per distribution. */
const MAX_WILDCARDS_IN_PROGRESS = 15;
/** CloudFront allows 3,000 file paths in progress per distribution. */
const MAX_PATHS_PER_REQUEST = 3000;
const ALL_PATHS = '/*';
/**
 * The paths to invalidate for changed keys (full S3 keys, no leading slash). When the exact list
 * does not fit maxPaths or the wildcard limit, it is collapsed into directory wildcards: the fewest
 * wildcards, then the fewest paths, then the deepest directories; `/*` only when nothing else fits.
 */
function planInvalidation(changedKeys, options) {
    if (!Number.isInteger(options.maxPaths) || options.maxPaths < 1) {
        throw new RangeError(`maxPaths must be a whole number of at least 1, got ${options.maxPaths}`);
    }
    const requested = requestedPaths(changedKeys, options);
    const exactPathCount = requested.length;
    // With nothing changed nothing is stale: `all` then sends only the extra paths, if any.
    if (options.mode === 'all' && changedKeys.length > 0) {
        return { paths: [ALL_PATHS], exactPathCount, collapsed: false };
    }
    const paths = removeCoveredPaths(requested);
    if (fitsLimits(paths, options.maxPaths))
        return { paths, exactPathCount, collapsed: false };
    return { paths: collapseToWildcards(paths, options.maxPaths), exactPathCount, collapsed: true };
}
/** The exact list: every changed key's paths plus the extra paths, distinct and sorted. */
function requestedPaths(changedKeys, options) {
    const paths = new Set();
    if (options.mode !== 'none') {
        for (const key of changedKeys) {
            for (const path of urlPathsForKey(key, options.indexForms, options.rootDocument))
                paths.add(path);
        }
    }
    for (const path of options.extraPaths)
        paths.add(explicitInvalidationPath(path));
    return [...paths].sort();
}
function isWildcard(path) {
    return path.endsWith('*');
}
/** What a path matches: a wildcard matches every path starting with this, an exact path itself. */
function matchPrefix(path) {
    return isWildcard(path) ? path.slice(0, -1) : path;
}
/** Drops every path that another (wildcard) path already covers; returns them sorted. */
function removeCoveredPaths(paths) {
    // Only a wildcard covers anything: without one, every path stays (they come sorted).
    if (!paths.some(isWildcard))
        return [...paths];
    // Sorted by what they match, the paths a wildcard covers directly follow it.
    const entries = paths
        .map((path) => ({ path, prefix: matchPrefix(path) }))
        .sort((a, b) => compareStrings(a.prefix, b.prefix) ||
        Number(isWildcard(b.path)) - Number(isWildcard(a.path)));
    const kept = [];
    let cover;
    for (const { path, prefix } of entries) {
        if (cover !== undefined && prefix.startsWith(cover))
            continue;
        cover = isWildcard(path) ? prefix : undefined;
        kept.push(path);
    }
    return kept.sort();
}
function compareStrings(a, b) {
    if (a === b)
        return 0;
    return a < b ? -1 : 1;
}
function fitsLimits(paths, maxPaths) {
    const wildcards = paths.filter(isWildcard).length;
    return paths.length <= maxPaths && wildcards <= MAX_WILDCARDS_IN_PROGRESS;
}
/**
 * Covers paths with the fewest directory wildcards that fit the limits, then the fewest paths,
 * then the deepest wildcards: an exact dynamic program over the directory tree (a knapsack on the
 * wildcard count, which is at most 15, at each directory). The root is never chosen: `/*` is the
 * fallback when nothing else fits.
 */
function collapseToWildcards(paths, maxPaths) {
    // A first deploy of 100,000 files: the program's tables took 120 MB to find only /*.
    if (noWildcardsCanFit(paths, maxPaths))
        return [ALL_PATHS];
    const { root, nodes } = buildDirectoryTree(paths);
    const solutions = new Map();
    // Reverse order puts every directory after all of its subdirectories.
    for (const node of [...nodes].reverse())
        solutions.set(node, solveDirectory(node, solutions));
    const wildcards = fewestFeasibleWildcards(solutionOf(root, solutions).scores, maxPaths);
    if (wildcards === undefined)
        return [ALL_PATHS];
    return chosenPaths(root, wildcards, solutions).sort();
}
/**
 * Whether no choice of wildcards can fit, by a bound that needs no tree: wildcards below one
 * top-level directory cover at most its exact paths, so w wildcards leave at least all exact
 * paths but those of the w largest top-level directories (the root's own paths stay exact).
 * True only when the program would also end with /*.
 */
function noWildcardsCanFit(paths, maxPaths) {
    const perTopLevel = new Map();
    let exact = 0;
    for (const path of paths) {
        if (isWildcard(path))
            continue;
        exact += 1;
        // The first directory under the root: `/a/` for `/a/`, `/a/b` and `/a/b/c`; none for `/a`.
        const end = path.indexOf('/', 1);
        if (end < 0)
            continue;
        const topLevel = path.slice(0, end + 1);
        perTopLevel.set(topLevel, (perTopLevel.get(topLevel) ?? 0) + 1);
    }
    const largest = [...perTopLevel.values()].sort((a, b) => b - a);
    let covered = 0;
    for (let wildcards = 0; wildcards <= MAX_WILDCARDS_IN_PROGRESS; wildcards++) {
        covered += wildcards > 0 ? (largest[wildcards - 1] ?? 0) : 0;
        if (wildcards + exact - covered <= maxPaths)
            return false;
    }
    return true;
}
function buildDirectoryTree(paths) {
    const nodes = new Map();
    const nodeFor = (directory) => {
        const existing = nodes.get(directory);
        if (existing !== undefined)
            return existing;
        const node = { directory, children: [], paths: [] };
        nodes.set(directory, node);
        if (directory !== '/')
            nodeFor(directoryOf(directory.slice(0, -1))).children.push(node);
        return node;
    };
    const root = nodeFor('/');
    for (const path of paths)
        nodeFor(directoryOf(matchPrefix(path))).paths.push(path);
    const sorted = [...nodes.values()].sort((a, b) => compareStrings(a.directory, b.directory));
    return { root, nodes: sorted };
}
/** '/a/b/' for '/a/b/c' and for '/a/b/'; '/' for anything without a directory. */
function directoryOf(path) {
    const slash = path.lastIndexOf('/');
    return slash <= 0 ? '/' : path.slice(0, slash + 1);
}
function solveDirectory(node, solutions) {
    let scores = ownScores(node);
    const childShares = [];
    for (const child of node.children) {
        const merged = mergeScores(scores, solutionOf(child, solutions).scores);
        scores = merged.scores;
        childShares.push(merged.shares);
    }
    const own = { exact: 0, specificity: specificity(`${node.directory}*`) };
    const wildcardHere = node.directory !== '/' && isBetter(own, scores[1]);
    if (wildcardHere)
        scores[1] = own;
    return { scores, wildcardHere, childShares };
}
function emptyScores() {
    return Array.from({ length: MAX_WILDCARDS_IN_PROGRESS + 1 }, () => undefined);
}
/** The directory's own paths kept as they are. */
function ownScores(node) {
    const scores = emptyScores();
    const wildcards = node.paths.filter(isWildcard);
    if (wildcards.length <= MAX_WILDCARDS_IN_PROGRESS) {
        scores[wildcards.length] = {
            exact: node.paths.length - wildcards.length,
            specificity: wildcards.reduce((sum, path) => sum + specificity(path), 0),
        };
    }
    return scores;
}
/** Min-plus combination of two subtrees' outcomes over the wildcard count. */
function mergeScores(left, right) {
    const scores = emptyScores();
    const shares = scores.map(() => 0);
    left.forEach((a, leftWildcards) => {
        right.forEach((b, rightWildcards) => {
            const total = leftWildcards + rightWildcards;
            if (a === undefined || b === undefined || total > MAX_WILDCARDS_IN_PROGRESS)
                return;
            const combined = { exact: a.exact + b.exact, specificity: a.specificity + b.specificity };
            if (isBetter(combined, scores[total])) {
                scores[total] = combined;
                shares[total] = rightWildcards;
            }
        });
    });
    return { scores, shares };
}
function isBetter(candidate, incumbent) {
    if (incumbent === undefined || candidate.exact !== incumbent.exact) {
        return incumbent === undefined || candidate.exact < incumbent.exact;
    }
    return candidate.specificity > incumbent.specificity;
}
/** How deep a wildcard reaches: `/a/b/*` is 3, `/a/b/run*` (narrower than `/a/b/*`) is 4. */
function specificity(wildcard) {
    const prefix = matchPrefix(wildcard);
    const slashes = prefix.split('/').length - 1;
    return prefix.endsWith('/') ? slashes : slashes + 1;
}
function fewestFeasibleWildcards(scores, maxPaths) {
    const fits = (score, wildcards) => score !== undefined && wildcards + score.exact <= maxPaths;
    const wildcards = scores.findIndex(fits);
    return wildcards < 0 ? undefined : wildcards;
}
/** Walks the chosen outcome down the tree and lists the paths it sends. */
function chosenPaths(root, wildcards, solutions) {
    const paths = [];
    const pending = [[root, wildcards]];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        const [node, budget] = next;
        const solution = solutionOf(node, solutions);
        if (budget === 1 && solution.wildcardHere) {
            paths.push(`${node.directory}*`);
            continue;
        }
        paths.push(...node.paths);
        let remaining = budget;
        for (let k = node.children.length - 1; k >= 0; k--) {
            const share = solution.childShares[k]?.[remaining] ?? 0;
            const child = node.children[k];
            if (child !== undefined)
                pending.push([child, share]);
            remaining -= share;
        }
    }
    return paths;
}
function solutionOf(node, solutions) {
    const solution = solutions.get(node);
    if (solution === undefined)
        throw new Error(`No solution for ${node.directory}`);
    return solution;
}

;// CONCATENATED MODULE: ./src/cloudfront/origins.ts


const origins_INDEX_DOCUMENT = 'index.html';
// The S3 REST endpoints (global, dotted and dashed regional) and the two website endpoint forms.
const origins_REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const S3_HOST = new RegExp(`^(?:s3|s3\\.${origins_REGION}|s3-${origins_REGION}|s3-website-${origins_REGION}|s3-website\\.${origins_REGION})\\.amazonaws\\.com$`);
/** Whether an origin's domain name is this bucket's S3 REST or website endpoint, in any region. */
function isBucketOrigin(domainName, bucket) {
    const host = hostOf(domainName);
    const head = `${bucket.toLowerCase()}.`;
    return host.startsWith(head) && S3_HOST.test(host.slice(head.length));
}
/** The bucket and the inputs that say where it is served from. */
function bucketOriginOf(settings) {
    let endpointHost;
    try {
        endpointHost = settings.endpoint ? hostOf(new URL(settings.endpoint).hostname) : undefined;
    }
    catch { }
    return { bucket: settings.bucket, endpointHost, originDomain: settings.originDomain };
}
/**
 * The folder of the bucket an origin serves (normalised origin path: '' or '/blog'), or
 * undefined when it is not this bucket: an AWS S3 hostname of the bucket; with `origin-domain`,
 * that origin; with `endpoint`, `BUCKET.HOST` or, path-style, HOST with origin path `/BUCKET`.
 */
function bucketPathOf(origin, match) {
    const host = hostOf(origin.domainName);
    const path = normalisedOriginPath(origin.originPath);
    const { bucket, endpointHost, originDomain } = match;
    if (originDomain !== undefined && host !== originDomain)
        return undefined;
    if (host === endpointHost) {
        // Path-style: CloudFront fetches `/x` from `HOST/BUCKET/x`.
        const [first, ...rest] = path.slice(1).split('/');
        if (first !== bucket)
            return undefined;
        return rest.length > 0 ? `/${rest.join('/')}` : '';
    }
    if (originDomain !== undefined)
        return path;
    if (isBucketOrigin(host, bucket))
        return path;
    if (endpointHost !== undefined && host === `${bucket.toLowerCase()}.${endpointHost}`)
        return path;
    return undefined;
}
/** The origin paths of the origins that are this bucket, normalised ('' or '/blog'), distinct. */
function bucketOriginPaths(origins, match) {
    const by = typeof match === 'string' ? { bucket: match } : match;
    const paths = origins
        .map((origin) => bucketPathOf(origin, by))
        .filter((path) => path !== undefined);
    return [...new Set(paths)];
}
function hostOf(domainName) {
    return domainName.trim().toLowerCase().replace(/\.$/, '');
}
function normalisedOriginPath(path) {
    const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
    return trimmed === '' ? '' : `/${trimmed}`;
}
/** The key folder an origin path serves: '' for the root, 'blog/' for '/blog'. */
function originFolder(originPath) {
    return originPath === '' ? '' : `${originPath.slice(1)}/`;
}
/**
 * Whether an origin path serves anything under the prefix: `/blog` serves prefix `blog/2024/`
 * and prefix `''`, but nothing of prefix `docs/`.
 */
function servesPrefix(originPath, prefix) {
    const folder = originFolder(originPath);
    return folder.startsWith(prefix) || prefix.startsWith(folder);
}
/**
 * The keys a viewer asks for through the target, one per matching origin that serves this key:
 * `blog/x.html` is `x.html` through origin path `/blog`, and is not served by `/docs`.
 */
function viewerKeys(fullKey, target) {
    // One origin (the usual case): no set for each of 100,000 keys.
    if (target.originPaths.length === 1) {
        const folder = originFolder(target.originPaths[0] ?? '');
        return fullKey.startsWith(folder) ? [fullKey.slice(folder.length)] : [];
    }
    const keys = new Set();
    for (const originPath of target.originPaths) {
        const folder = originFolder(originPath);
        if (fullKey.startsWith(folder))
            keys.add(fullKey.slice(folder.length));
    }
    return [...keys];
}
/**
 * The object served at `/`: the default root object. Without one, `index.html`, as for
 * sub-folders: `/` then has an index only through the website endpoint or a function, which
 * this action cannot see, and a spare path costs less than a stale home page.
 */
function rootDocumentOf(target) {
    return target.defaultRootObject === '' ? origins_INDEX_DOCUMENT : target.defaultRootObject;
}
/** The target used when a distribution's config cannot be read: today's mapping. */
function unverifiedTarget(id) {
    return { id, originPaths: [''], defaultRootObject: '', verified: false };
}
/** Whether a deploy changing these keys sends anything to CloudFront at all. */
/** Whether this deploy invalidates at all: some distribution is given, or `auto`. */
function invalidates(settings) {
    return settings.distributions.length > 0 || settings.autoDistribution;
}
function needsInvalidation(settings, keys) {
    if (!invalidates(settings))
        return false;
    if (settings.invalidateExtraPaths.length > 0)
        return true;
    return keys.length > 0 && settings.invalidate !== 'none';
}
/**
 * What each distribution would be sent for these changed keys (full keys, prefix included);
 * `carriedOver` holds those an earlier deploy recorded but did not get invalidated.
 */
function planDistributionInvalidations(settings, targets, keys, carriedOver) {
    return targets.map((target) => {
        const rootDocument = rootDocumentOf(target);
        const viewed = keys.flatMap((key) => viewerKeys(key, target));
        const plan = planInvalidation(viewed, {
            mode: settings.invalidate,
            extraPaths: settings.invalidateExtraPaths,
            indexForms: settings.invalidateIndexForms,
            maxPaths: settings.invalidationMaxPaths,
            rootDocument,
        });
        const carried = new Set([...carriedOver].flatMap((key) => viewerKeys(key, target).flatMap((viewerKey) => urlPathsForKey(viewerKey, settings.invalidateIndexForms, rootDocument))));
        return {
            ...plan,
            distribution: target.id,
            verified: target.verified,
            carriedOverPaths: settings.invalidate === 'none' ? 0 : carried.size,
        };
    });
}

;// CONCATENATED MODULE: ./src/cloudfront/invalidation.ts










const TOO_MANY_IN_PROGRESS = 'TooManyInvalidationsInProgress';
// Past this many paths the retry command in an error message offers `/*` instead of the list.
const MAX_PATHS_IN_COMMAND = 50;
/**
 * The CallerReference of one batch of one deploy. It stays the same on every retry of that
 * request, so a request whose response was lost is answered with the invalidation it created
 * rather than a duplicate. It is new for every deploy: CloudFront answers a reused reference with
 * the old invalidation, which may predate this deploy's uploads.
 */
function callerReference(deployId, batch, env = process.env) {
    const run = env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` : 'local';
    return `s3-cf-sync-${run}-${deployId}-${batch}`;
}
/** What a dry run reports: each distribution's plan, nothing sent. */
function plannedInvalidations(settings, targets, keys, carriedOver) {
    return planDistributionInvalidations(settings, targets, keys, carriedOver).map((plan) => ({
        ...plan,
        ids: [],
        waitedSeconds: undefined,
        accepted: false,
    }));
}
/**
 * Invalidates the changed keys (full keys, prefix included) on every target, each with its own
 * mapping and its own invalidation; one failing does not stop the others. Nothing is thrown:
 * the caller may forget the recorded keys only when every outcome is `accepted`.
 * TooManyInvalidationsInProgress, throttling and 5xx are retried with backoff;
 * `invalidation-timeout` bounds the retries and the waits together.
 */
async function invalidateAll(context, targets, keys, carriedOver) {
    const deadline = context.now() + context.settings.invalidationTimeoutSeconds * 1000;
    const plans = planDistributionInvalidations(context.settings, targets, keys, carriedOver);
    const errors = [];
    const sent = [];
    for (const [index, plan] of plans.entries()) {
        context.logger.progress?.({
            phase: 'invalidating',
            done: index,
            total: plans.length,
            detail: `${plan.paths.length} path${plan.paths.length === 1 ? '' : 's'} on ${plan.distribution}`,
        });
        sent.push(await invalidation_send(context, plan, deadline, errors));
    }
    const outcomes = [];
    for (const outcome of sent)
        outcomes.push(await waitFor(context, outcome, deadline, errors));
    return { outcomes, failure: combined(errors) };
}
async function invalidation_send(context, plan, deadline, errors) {
    const ids = [];
    const base = { ...plan, ids, waitedSeconds: undefined };
    if (plan.paths.length === 0)
        return { ...base, accepted: true };
    try {
        await sendBatches(context, plan.distribution, plan.paths, deadline, ids);
        return { ...base, accepted: true };
    }
    catch (error) {
        const failure = notInvalidated(context, plan, ids, error);
        errors.push(failure);
        return { ...base, accepted: false, error: failure.message };
    }
}
async function waitFor(context, outcome, deadline, errors) {
    if (!context.settings.waitForInvalidation || !outcome.accepted || outcome.ids.length === 0) {
        return outcome;
    }
    try {
        const waitedSeconds = await waitForAll(context, outcome.distribution, outcome.ids, deadline);
        return { ...outcome, waitedSeconds };
    }
    catch (error) {
        const failure = error instanceof DeployError ? error : new DeployError(errorMessage(error), { cause: error });
        errors.push(failure);
        return { ...outcome, error: failure.message };
    }
}
function combined(errors) {
    if (errors.length <= 1)
        return errors[0];
    return new DeployError(errors.map((error) => error.message).join('\n\n'), {
        cause: errors[0],
    });
}
async function sendBatches(context, distribution, paths, deadline, ids) {
    const { logger } = context;
    // A new reference for every distribution and deploy, the same on every retry of one batch.
    const deployId = (0,external_node_crypto_.randomBytes)(6).toString('hex');
    // The whole list is a long line; a terminal shows it with --verbose, the summary lists it.
    logger.detail(`Invalidating ${pathList(paths)} on CloudFront ${distribution}.`);
    for (let start = 0; start < paths.length; start += MAX_PATHS_PER_REQUEST) {
        const batch = paths.slice(start, start + MAX_PATHS_PER_REQUEST);
        const CallerReference = callerReference(deployId, start / MAX_PATHS_PER_REQUEST + 1);
        const input = {
            DistributionId: distribution,
            InvalidationBatch: { CallerReference, Paths: { Quantity: batch.length, Items: [...batch] } },
        };
        const response = await cloudFrontCall(context, 'CreateInvalidation', distribution, async () => {
            const fast = await context.fastCloudFront?.post(`${CLOUDFRONT_API}/distribution/${distribution}/invalidation`, invalidationBatchXml(CallerReference, batch));
            const fastId = fast && invalidationIdOf(fast.body.toString('utf8'));
            // Sent again through the SDK when ours was not understood: the same CallerReference
            // makes CloudFront answer with the invalidation it created, not a second one.
            if (fastId)
                return { Invalidation: { Id: fastId } };
            return context.cloudFront.call((client, sdk) => client.send(new sdk.CreateInvalidationCommand(input)));
        }, creationRetry(context, deadline));
        const id = response.Invalidation?.Id;
        if (!id)
            throw new Error('CloudFront accepted the invalidation but returned no ID.');
        ids.push(id);
        logger.info(`Invalidation ${id} created on ${distribution} for ${batch.length} path(s).`);
    }
}
function creationRetry(context, deadline) {
    return {
        attempts: Number.POSITIVE_INFINITY,
        baseDelayMs: 2_000,
        maxDelayMs: 60_000,
        deadlineMs: Math.max(0, deadline - context.now()),
        sleep: context.sleep,
        now: context.now,
        isRetryable: (error) => isTransientError(error) || awsErrorName(error) === TOO_MANY_IN_PROGRESS,
    };
}
/** The files are written but not invalidated: says why, and what to run once the cause is fixed. */
function notInvalidated(context, plan, created, error) {
    const { settings } = context;
    const { distribution, paths } = plan;
    const timeout = `invalidation-timeout (${settings.invalidationTimeoutSeconds} s)`;
    // Retryable errors are retried until the deadline: one that ends the retries means time ran out.
    const reason = awsErrorName(error) === TOO_MANY_IN_PROGRESS
        ? `CloudFront distribution ${distribution} still had too many invalidations in progress ` +
            `(TooManyInvalidationsInProgress) when ${timeout} ran out: it allows 3,000 file paths and ` +
            '15 wildcard paths in progress at once, counting other deploys. Raise invalidation-timeout ' +
            'to wait longer.'
        : isTransientError(sdkErrorOf(error))
            ? `${errorMessage(error)}
CloudFront was still failing when ${timeout} ran out.`
            : errorMessage(error);
    const partial = created.length > 0 ? ` Invalidation(s) ${created.join(', ')} were created before that.` : '';
    return new DeployError(`${reason}\nThe files are deployed, but the invalidation on CloudFront distribution ` +
        `${distribution} failed, so it keeps serving cached copies until they expire.${partial} ` +
        `The paths stay recorded in ${settings.prefix}${STATE_FILE_NAME}: the next deploy (a ` +
        're-run will do) sends them again. To invalidate now instead, run:\n' +
        retryCommand(distribution, paths), { cause: error });
}
function retryCommand(distribution, paths) {
    const listed = paths.length <= MAX_PATHS_IN_COMMAND;
    const command = `aws cloudfront create-invalidation --distribution-id ${distribution} --paths ${(listed
        ? paths
        : ['/*'])
        .map(shellQuote)
        .join(' ')}`;
    return listed ? command : `${command}\n(or the ${paths.length} paths listed above in the log)`;
}
function shellQuote(text) {
    return `'${text.replaceAll("'", `'\\''`)}'`;
}
function pathList(paths) {
    const shown = paths.slice(0, MAX_PATHS_IN_COMMAND).join(' ');
    const more = paths.length > MAX_PATHS_IN_COMMAND ? ` and ${paths.length - MAX_PATHS_IN_COMMAND} more` : '';
    return `${paths.length} path(s): ${shown}${more}`;
}
/** Polls every invalidation until it completes, with growing pauses, until the deadline. */
async function waitForAll(context, distribution, ids, deadline) {
    const started = context.now();
    const seconds = (ms) => Math.round(ms / 1000);
    let delay = 5_000;
    for (const [index, id] of ids.entries()) {
        for (;;) {
            const status = await invalidationStatus(context, distribution, id);
            if (status === 'Completed')
                break;
            context.logger.progress?.({
                phase: 'waiting for CloudFront',
                done: index,
                total: ids.length,
                detail: `${id} on ${distribution} is ${status}`,
            });
            const waited = seconds(context.now() - started);
            if (context.now() + delay > deadline) {
                throw new DeployError(`Invalidation ${id} on ${distribution} is still in progress after waiting ${waited} s: ` +
                    `invalidation-timeout (${context.settings.invalidationTimeoutSeconds} s) ran out. The files ` +
                    'are deployed and CloudFront will finish the invalidation on its own; raise ' +
                    'invalidation-timeout to wait longer, or set wait-for-invalidation to false.');
            }
            context.logger.detail(`Invalidation ${id} on ${distribution} is ${status}; waited ${waited} s, next check in ${seconds(delay)} s.`);
            await context.sleep(delay);
            delay = Math.min(delay * 1.5, 20_000);
        }
    }
    return seconds(context.now() - started);
}
async function invalidationStatus(context, distribution, id) {
    try {
        const response = await cloudFrontCall(context, 'GetInvalidation', distribution, () => context.cloudFront.call((client, sdk) => client.send(new sdk.GetInvalidationCommand({ DistributionId: distribution, Id: id }))));
        return response.Invalidation?.Status ?? 'InProgress';
    }
    catch (error) {
        throw new DeployError(`${errorMessage(error)}\nInvalidation ${id} was created and the files are deployed; only waiting for it failed.`, { cause: error });
    }
}

;// CONCATENATED MODULE: ./src/inputs/exclusion.ts

/**
 * One `exclude` glob, read as .gitignore reads it: with no `/` but a trailing one (`tag`, `tag/`,
 * `*.tmp`) it matches a name at any depth; with a `/` at the start or inside (`/tag/`,
 * `blog/drafts/`, `.git/**`) it is anchored at `dir`. Throws on a glob picomatch cannot read.
 */
function excludeRule(glob) {
    const anchored = glob.startsWith('/');
    const foldersOnly = glob.endsWith('/');
    const body = glob.slice(anchored ? 1 : 0, foldersOnly ? -1 : undefined);
    if (body === '' || body.startsWith('/') || body.endsWith('/')) {
        throw new Error(`${JSON.stringify(glob)} names no file or folder`);
    }
    const atAnyDepth = !anchored && !body.includes('/');
    // `dot` so `.well-known/**` works; one compiled expression, tested without splitting the key.
    const pattern = picomatch_default().makeRe(atAnyDepth ? `**/${body}` : body, { dot: true });
    return { glob, pattern, foldersOnly };
}
/**
 * The `exclude` input as one predicate for both sides of the sync: a key is excluded when it, or
 * any folder above it, matches a glob. The walk asks per entry (it never enters an excluded
 * folder, so the folders above were asked already); the planner asks per remote key.
 */
class Exclusion {
    rules;
    // Verdicts per folder of the remote keys: listings come in key order, so most keys share the
    // previous key's folder and cost no string at all; the map covers returns to a parent.
    folderRules = new Map();
    lastFolder;
    lastFolderRule;
    constructor(globs) {
        this.rules = globs.map(excludeRule);
    }
    /** The glob that excludes an entry by its own key (`a/b`, no trailing `/` for a folder). */
    ruleForEntry(key, isFolder) {
        for (const rule of this.rules) {
            if ((isFolder || !rule.foldersOnly) && rule.pattern.test(key))
                return rule.glob;
        }
        return undefined;
    }
    /** The glob that excludes an object key: the key itself or any folder above it. */
    ruleForKey(key) {
        if (this.rules.length === 0)
            return undefined;
        const end = key.lastIndexOf('/');
        return ((end === -1 ? undefined : this.ruleForFolderOf(key, end)) ?? this.ruleForEntry(key, false));
    }
    excludes(key) {
        return this.ruleForKey(key) !== undefined;
    }
    /** The verdict for the folder `key.slice(0, end)` and the folders above it. */
    ruleForFolderOf(key, end) {
        const last = this.lastFolder;
        if (last !== undefined && last.length === end && key.startsWith(last)) {
            return this.lastFolderRule;
        }
        const folder = key.slice(0, end);
        const rule = this.ruleForFolder(folder);
        this.lastFolder = folder;
        this.lastFolderRule = rule;
        return rule;
    }
    ruleForFolder(folder) {
        if (this.folderRules.has(folder))
            return this.folderRules.get(folder);
        const end = folder.lastIndexOf('/');
        const rule = (end === -1 ? undefined : this.ruleForFolder(folder.slice(0, end))) ??
            this.ruleForEntry(folder, true);
        this.folderRules.set(folder, rule);
        return rule;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./src/local/local-files.ts






/**
 * A file the walk found. A site can have 100,000 of these alive for the whole deploy, so each
 * is one small object: the path is rebuilt from the folder when needed, and the survey fills
 * in the hash in place instead of copying the record.
 */
class FoundFile {
    base;
    key;
    size;
    /** Hex MD5 of the content, set by the survey ('' until then). */
    md5 = '';
    /** The remote multipart ETag, when the survey showed these bytes produce it. */
    multipartEtag;
    /** The remote non-MD5 ETag that the last deploy record vouches for (SSE-KMS, SSE-C). */
    recordedEtag;
    /** `base` is the folder's path ending in a separator. */
    constructor(base, key, size) {
        this.base = base;
        this.key = key;
        this.size = size;
    }
    get path() {
        return this.base + (external_node_path_.sep === '/' ? this.key : this.key.replaceAll('/', external_node_path_.sep));
    }
}
// S3 keys are at most 1,024 bytes of UTF-8, prefix included.
const MAX_KEY_BYTES = 1024;
/**
 * Lists the regular files under `dir`. Links are followed only to files and folders inside
 * `dir`; links that leave it or loop, anything that is not a file, and what cannot be read are
 * skipped with a warning naming them. Excluded files are logged too: nothing is skipped
 * silently. `onFile` sees each file as it is found, so hashing need not wait for the walk.
 *
 * The walk uses synchronous calls in slices of a few milliseconds: for the small files of a
 * site this is several times faster than a promise per call, and the event loop still serves
 * the bucket listing between slices.
 */
async function listLocalFiles(dir, options) {
    const walk = new Walk(await rootOf(dir), options);
    await walk.run();
    return { files: walk.files.sort(byKey), skipped: walk.skipped };
}
class Walk {
    root;
    options;
    files = [];
    skipped = [];
    exclusion;
    rootBase;
    // `ancestors` holds the real paths of the folders above: a link back to one of them is a
    // loop, while a second link to a sibling folder is not (its files appear under both names).
    pending;
    constructor(root, options) {
        this.root = root;
        this.options = options;
        this.exclusion = new Exclusion(options.exclude);
        this.rootBase = withSeparator(root);
        this.pending = [{ folder: { path: root, real: root, key: '' }, ancestors: new Set([root]) }];
    }
    async run() {
        const slice = new TimeSlice();
        for (let next = this.pending.pop(); next; next = this.pending.pop()) {
            const { folder, ancestors } = next;
            const entries = this.read(folder);
            // Plain concatenation: `join` would normalise each path, and names from readdir need none.
            const base = withSeparator(folder.path);
            for (const entry of entries) {
                if (slice.isDue())
                    await slice.pause();
                this.visit(folder, ancestors, entry, base + entry.name);
            }
        }
    }
    visit(folder, ancestors, entry, path) {
        const key = folder.key + entry.name;
        // A link is asked as a file here, and as a folder once it is known to lead to one.
        const rule = this.exclusion.ruleForEntry(key, entry.isDirectory());
        if (rule)
            return this.exclude(key, rule);
        const target = resolveEntry(this.root, folder.real, entry, path);
        if ('skipped' in target)
            return this.skip(key, target.skipped, target.kind);
        if (target.kind === 'file') {
            checkKeyLength(this.options.prefix + key, path);
            const file = new FoundFile(this.rootBase, key, target.size);
            this.files.push(file);
            this.options.onFile?.(file);
            return;
        }
        const linkRule = entry.isSymbolicLink() && this.exclusion.ruleForEntry(key, true);
        if (linkRule)
            return this.exclude(key, linkRule);
        if (ancestors.has(target.real)) {
            return this.skip(key, 'the link loops back to a folder that contains it', 'folder');
        }
        const child = { path, real: target.real, key: `${key}/` };
        this.pending.push({ folder: child, ancestors: new Set([...ancestors, target.real]) });
    }
    /** A folder's entries; none, skipped with a warning, when it may not be read. */
    read(folder) {
        try {
            return (0,external_node_fs_.readdirSync)(folder.path, { withFileTypes: true });
        }
        catch (error) {
            const reason = unreadableReason(error);
            // The root was opened by rootOf: any failure there is the folder changing under the walk.
            if (!reason || folder.key === '')
                throw changedWhileRead(folder.path, error);
            this.skip(folder.key.slice(0, -1), reason, 'folder');
            return [];
        }
    }
    skip(key, reason, kind) {
        this.skipped.push(key);
        const kept = kind === 'folder'
            ? 'the objects under it in the bucket are kept'
            : 'its object in the bucket, if any, is kept';
        this.options.logger.warning(`Skipped ${control_characters_showControlCharacters(key)}: ${reason}; ${kept}.`);
    }
    exclude(key, glob) {
        this.options.logger.detail(`Skipped ${control_characters_showControlCharacters(key)}: excluded by "${glob}".`);
    }
}
/**
 * A read that failed for another reason than permissions: the file or folder vanished or changed
 * kind since it was listed. The deploy stops before writing, as no plan made from a folder that
 * is changing (a build still running?) can be trusted.
 */
function changedWhileRead(path, error) {
    const code = error?.code ?? errorMessage(error);
    return new DeployError(`Could not read ${control_characters_showControlCharacters(path)} (${code}): the folder changed while it was being read (is the site still being built?); nothing was uploaded or deleted.`, { cause: error });
}
/**
 * Why an entry cannot be read, when that is a lasting property of the tree (its permissions);
 * undefined for anything else (a file that vanished mid-walk), which must fail the deploy.
 */
function unreadableReason(error) {
    const code = error?.code;
    return code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})` : undefined;
}
/** Orders records by key (JavaScript string order). */
function byKey(a, b) {
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
/**
 * Hands the event loop back every few milliseconds of synchronous work. Asking is cheap and
 * allocates nothing: a promise is made only when it is time to pause.
 */
class TimeSlice {
    milliseconds;
    started = performance.now();
    constructor(milliseconds = 4) {
        this.milliseconds = milliseconds;
    }
    isDue() {
        return performance.now() - this.started >= this.milliseconds;
    }
    async pause() {
        await new Promise((resolve) => setImmediate(resolve));
        this.started = performance.now();
    }
}
function withSeparator(path) {
    return path.endsWith(external_node_path_.sep) ? path : path + external_node_path_.sep;
}
/** The real path of `dir`; a DeployError naming the input when it is not a folder. */
async function rootOf(dir) {
    let real;
    try {
        real = await (0,promises_.realpath)(dir);
        if (!(await (0,promises_.stat)(real)).isDirectory())
            real = undefined;
    }
    catch { }
    if (real === undefined) {
        throw new DeployError(`Input "dir" is invalid: ${JSON.stringify(dir)} is not a folder (is the site built?).`, { badInput: true });
    }
    try {
        // Opened, not access()ed: access() asks for the real user, reading is done as the effective.
        await (await (0,promises_.opendir)(real)).close();
    }
    catch (error) {
        throw new DeployError(`Input "dir" is invalid: ${JSON.stringify(dir)} cannot be read (${error.code}).`, { badInput: true, cause: error });
    }
    return real;
}
/**
 * What an entry is, from the directory listing itself; only links and files need a stat. What
 * cannot be followed or read comes back as skipped, with the reason.
 */
function resolveEntry(root, parentReal, entry, path) {
    if (entry.isDirectory())
        return { kind: 'folder', real: (0,external_node_path_.join)(parentReal, entry.name) };
    try {
        if (entry.isFile())
            return { kind: 'file', size: (0,external_node_fs_.statSync)(path).size };
        if (!entry.isSymbolicLink())
            return { kind: 'file', skipped: 'not a regular file' };
        return resolveLink(root, path);
    }
    catch (error) {
        const reason = unreadableReason(error);
        if (!reason)
            throw changedWhileRead(path, error);
        return { kind: 'file', skipped: reason };
    }
}
function resolveLink(root, path) {
    let real;
    try {
        real = (0,external_node_fs_.realpathSync)(path);
    }
    catch (error) {
        const reason = unreadableReason(error);
        return { kind: 'file', skipped: reason ?? 'the link is broken or loops' };
    }
    const target = (0,external_node_fs_.statSync)(real);
    const kind = target.isDirectory() ? 'folder' : 'file';
    if (real !== root && !real.startsWith(root + external_node_path_.sep)) {
        return { kind, skipped: `the link points outside "dir" (${control_characters_showControlCharacters(real)})` };
    }
    if (target.isFile())
        return { kind: 'file', size: target.size };
    if (target.isDirectory())
        return { kind: 'folder', real };
    return { kind, skipped: 'not a regular file' };
}
function checkKeyLength(key, path) {
    // A UTF-16 unit is at most 3 bytes of UTF-8: most keys need no counting.
    if (key.length * 3 <= MAX_KEY_BYTES)
        return;
    const bytes = Buffer.byteLength(key, 'utf8');
    if (bytes > MAX_KEY_BYTES) {
        throw new DeployError(`The file ${control_characters_showControlCharacters(path)} would need the key "${control_characters_showControlCharacters(key.slice(0, 80))}\u2026" of ${bytes} bytes; S3 keys are at most ${MAX_KEY_BYTES} bytes. Rename it or shorten "prefix".`);
    }
}

;// CONCATENATED MODULE: ./src/plan/plan.ts



/** The content diff: what to upload, delete, and leave alone. Pure. */
function planSync(local, remote, options) {
    const remoteByKey = new Map(remote.map((object) => [object.key, object]));
    const uploads = [];
    const unchanged = [];
    for (const file of local) {
        const object = remoteByKey.get(file.key);
        if (object && sameContent(file, object))
            unchanged.push(file);
        else
            uploads.push({
                file,
                reason: object ? 'changed' : 'new',
                headers: desiredHeaders(file.key, options),
            });
    }
    const localKeys = new Set(local.map((file) => file.key));
    const missing = remote.filter((object) => !localKeys.has(object.key));
    const isSkipped = skippedMatcher(options.skipped);
    const deletable = options.deleteRemoved
        ? missing.filter((object) => !options.isExcluded(object.key) && !isSkipped(object.key))
        : [];
    checkDeletionsAreSafe(local.length, remote.length, deletable.length, options.maxDeletes);
    const deleteKeys = new Set(deletable.map((object) => object.key));
    return {
        uploads: assetsBeforePages(uploads),
        headerUpdates: [],
        deletes: deletable.sort(byKey),
        unchanged,
        kept: missing.filter((object) => !deleteKeys.has(object.key)),
    };
}
/** True for a skipped key and for every key under it as a folder (`key/...`). */
function skippedMatcher(skipped) {
    if (skipped.length === 0)
        return () => false;
    const keys = new Set(skipped);
    return (key) => {
        if (keys.has(key))
            return true;
        for (let slash = key.indexOf('/'); slash !== -1; slash = key.indexOf('/', slash + 1)) {
            if (keys.has(key.slice(0, slash)))
                return true;
        }
        return false;
    };
}
/** Size and MD5 against the ETag; a multipart ETag matches when the file reproduced it. */
function sameContent(file, object) {
    if (file.size !== object.size)
        return false;
    return (object.etag === file.md5 ||
        (file.multipartEtag !== undefined && object.etag === file.multipartEtag) ||
        (file.recordedEtag !== undefined && object.etag === file.recordedEtag));
}
function checkDeletionsAreSafe(localCount, remoteCount, deleteCount, maxDeletes) {
    if (deleteCount === 0)
        return;
    if (localCount === 0) {
        throw new DeployError(`Refusing to delete: "dir" has no files, so delete-removed would delete all ${deleteCount} objects. Check that the site was built into "dir".`);
    }
    if (maxDeletes >= 0 && deleteCount > maxDeletes) {
        throw new DeployError(`Refusing to delete ${deleteCount} of ${remoteCount} objects: more than max-deletes (${maxDeletes}). Nothing was written. Raise "max-deletes" (or -1 for no cap) if this is intended.`);
    }
}
/**
 * Header drift on unchanged objects: `current` holds the headers read back from S3 for the
 * objects that were inspected; `aclChanged` forces a rewrite to apply a new ACL.
 */
function planHeaderUpdates(unchanged, remote, current, options) {
    const etags = new Map(remote.map((object) => [object.key, object.etag]));
    const updates = [];
    for (const file of unchanged) {
        const seen = current.get(file.key);
        // Only what was read back or must get a new ACL can need a rewrite.
        if (!seen && !options.aclChanged)
            continue;
        const headers = desiredHeaders(file.key, options);
        const differences = seen ? headerDifferences(seen, headers) : [];
        if (options.aclChanged)
            differences.push('ACL');
        const etag = etags.get(file.key);
        if (differences.length > 0 && etag) {
            updates.push({ file, etag, headers, differences, ...(seen ? { stored: seen } : {}) });
        }
    }
    return assetsBeforePages(updates);
}
/** Unchanged content whose headers were also right: header rewrites are counted on their own. */
function plan_unchangedCount(plan) {
    return plan.unchanged.length - plan.headerUpdates.length;
}
function uploadBytes(plan) {
    return plan.uploads.reduce((sum, upload) => sum + upload.file.size, 0);
}
/** A page: written only after every asset, so it never links to something not there yet. */
function isPage(key) {
    return /\.html?$/i.test(key);
}
/** Non-HTML files first, then pages, each in key order (one test per file, not per comparison). */
function assetsBeforePages(items) {
    const assets = [];
    const pages = [];
    for (const item of items)
        (isPage(item.file.key) ? pages : assets).push(item);
    const byFileKey = (a, b) => byKey(a.file, b.file);
    return [...assets.sort(byFileKey), ...pages.sort(byFileKey)];
}

;// CONCATENATED MODULE: ./src/plan/deploy-plan.ts





/** Content diff, then header drift (inspecting objects only when the rules changed). */
async function planDeploy(context, found) {
    const { settings, logger } = context;
    const exclusion = new Exclusion(settings.exclude);
    const contentPlan = planSync(found.local, found.remote, {
        ...settings,
        isExcluded: (key) => exclusion.excludes(key),
        skipped: found.skipped,
    });
    const desired = stateFor(settings);
    const rulesChanged = found.state?.headerRules !== desired.headerRules;
    const aclChanged = settings.acl !== undefined && found.state?.acl !== desired.acl;
    if (rulesChanged && contentPlan.unchanged.length > 0) {
        logger.info(`Header rules changed since the last deploy: checking ${contentPlan.unchanged.length} unchanged objects.`);
    }
    const current = rulesChanged
        ? await readHeaders(context, contentPlan.unchanged.map((file) => file.key))
        : new Map();
    const headerUpdates = planHeaderUpdates(contentPlan.unchanged, found.remote, current, {
        ...settings,
        aclChanged,
    });
    const sync = { ...contentPlan, headerUpdates };
    const changedKeys = [
        ...sync.uploads.map((upload) => upload.file.key),
        ...sync.headerUpdates.map((update) => update.file.key),
        ...sync.deletes.map((object) => object.key),
    ];
    logger.info(`Plan: ${sync.uploads.length} to upload, ${headerUpdates.length} header updates, ${sync.deletes.length} to delete, ${plan_unchangedCount(sync)} unchanged.`);
    const changed = new Set(changedKeys);
    const pending = found.state?.pendingInvalidation ?? [];
    const carriedOverKeys = invalidates(settings) ? pending.filter((key) => !changed.has(key)) : [];
    if (carriedOverKeys.length > 0) {
        logger.info(`${carriedOverKeys.length} path(s) changed by an earlier deploy that did not finish invalidating are invalidated now.`);
    }
    const invalidationKeys = [...changedKeys, ...carriedOverKeys];
    return {
        sync,
        changedKeys,
        invalidationKeys,
        carriedOverKeys,
        stateOutdated: found.state === undefined || !sameState(found.state, desired),
    };
}

;// CONCATENATED MODULE: ./src/bucket/deploy-history.ts





/** One deploy's record; undefined when it is gone or unreadable. */
async function readRecord(context, id) {
    const stored = await readOwnObject(context, recordName(id));
    return stored ? parseRecord(stored.text) : undefined;
}
/** Every readable record of these IDs, in the same order. */
async function readRecords(context, ids) {
    const records = await mapConcurrent(ids, Math.min(8, context.settings.concurrency), (id) => readRecord(context, id));
    return records.filter((record) => record !== undefined);
}
/**
 * The ETag snapshot of the newest complete record (newest first: after a killed deploy, its
 * "started" record holds none). Empty without records.
 */
async function latestEtagSnapshot(context, ids) {
    for (const id of [...ids].reverse()) {
        const record = await readRecord(context, id);
        if (record?.status === 'complete')
            return new Map(Object.entries(record.etags));
    }
    return new Map();
}
/** Writes a record; its key is its own deploy's alone, so it needs no condition. */
async function writeRecord(context, record) {
    await own_objects_writeOwnObject(context, recordName(record.id), recordBytes(record), 'any');
}
/** Removes the oldest records beyond `keep` (IDs oldest first); a failure is only a warning. */
async function pruneRecords(context, ids, keep) {
    const old = ids.slice(0, Math.max(0, ids.length - keep));
    if (old.length === 0)
        return;
    try {
        await deleteRecords(context, old);
        context.logger.info(`Pruned ${old.length} deploy record(s) beyond keep-deploys (${keep}).`);
    }
    catch (error) {
        context.logger.warning(`Could not remove ${old.length} old deploy record(s) beyond keep-deploys (${keep}): ${errorMessage(error)}. The next deploy tries again.`);
    }
}
/**
 * Takes back the "started" record of an attempt that lost the race for the deploy lock: it
 * wrote nothing else. Left behind (a kill, a refusal), it stays true: an incomplete deploy that
 * names keys it may have changed.
 */
async function withdrawRecord(context, id) {
    try {
        await deleteRecords(context, [id]);
    }
    catch (error) {
        context.logger.warning(`Could not remove the record of deploy ${id}, which lost the race for the deploy lock and wrote nothing: ${errorMessage(error)}. History shows it as incomplete.`);
    }
}
async function deleteRecords(context, ids) {
    const { s3, settings } = context;
    const Objects = ids.map((id) => ({ Key: settings.prefix + recordName(id) }));
    const answer = await awsCall(context, 'DeleteObjects', undefined, () => s3.call((client, sdk) => client.send(new sdk.DeleteObjectsCommand({ Bucket: settings.bucket, Delete: { Objects, Quiet: true } }))));
    const [failed] = answer.Errors ?? [];
    if (failed)
        throw new Error(`${failed.Key}: ${failed.Code} ${failed.Message ?? ''}`);
}

;// CONCATENATED MODULE: ./src/plan/deploy-recorder.ts

/**
 * The record of one deploy that writes: every planned change with what the listing showed, written
 * before the first site write ("started"), then, once done, what S3 answered each write. A deploy
 * killed in between leaves a record saying which keys it may have changed: still true.
 */
class DeployRecorder {
    context;
    id;
    ids;
    planned;
    carried;
    kind;
    after = new Map();
    deleted = new Set();
    started;
    constructor(context, 
    /** This deploy's ID (newDeployId), also in the state it writes. */
    id, 
    /** Recorded deploy IDs as listed, oldest first. */
    ids, planned, 
    /** ETag snapshot entries still true: unchanged objects matched through the last record. */
    carried, kind) {
        this.context = context;
        this.id = id;
        this.ids = ids;
        this.planned = planned;
        this.carried = carried;
        this.kind = kind;
        this.started = new Date(context.now()).toISOString();
    }
    /** Whether records are kept at all (keep-deploys: 0 keeps none). */
    get enabled() {
        return this.context.settings.keepDeploys > 0;
    }
    start() {
        return this.enabled ? writeRecord(this.context, this.record('started')) : Promise.resolve();
    }
    /** Takes the "started" record back: this attempt lost the deploy lock and wrote nothing. */
    withdraw() {
        return this.enabled ? withdrawRecord(this.context, this.id) : Promise.resolve();
    }
    /** One write S3 answered: the version it made, its ETag, and the content's MD5. */
    wrote(key, written, content, acl) {
        const { versionId, etag } = written;
        const grants = Object.fromEntries(Object.entries(acl ?? {}).filter((entry) => Boolean(entry[1])));
        this.after.set(key, {
            ...(versionId ? { versionId } : {}),
            etag,
            md5: content.md5,
            size: content.size,
            ...(Object.keys(grants).length > 0 ? { grants } : {}),
        });
    }
    removed(keys) {
        for (const key of keys)
            this.deleted.add(key);
    }
    /**
     * The final record, then the oldest beyond keep-deploys pruned; resolves to how many objects the
     * record lists with an ETag that is no MD5.
     */
    async finish(status) {
        if (!this.enabled)
            return 0;
        const record = this.record(status);
        await writeRecord(this.context, record);
        await pruneRecords(this.context, [...this.ids, this.id], this.context.settings.keepDeploys);
        // How many objects it lists with an ETag that is no MD5, for the state.
        return Object.keys(record.etags).length;
    }
    record(status) {
        const changes = this.planned.map((change) => {
            if (status === 'started')
                return change;
            if (change.action === 'delete')
                return this.deleted.has(change.key) ? { ...change, after: null } : change;
            const after = this.after.get(change.key);
            return after ? { ...change, after } : change;
        });
        const count = (actions) => changes.filter((change) => actions.includes(change.action)).length;
        return {
            version: 1,
            id: this.id,
            ...this.kind,
            status,
            time: this.started,
            ...(status === 'started' ? {} : { finished: new Date(this.context.now()).toISOString() }),
            ...runOf(process.env),
            counts: {
                uploaded: count(['upload', 'restore']),
                updated: count(['headers']),
                deleted: count(['delete']),
            },
            acl: this.context.settings.acl ?? '',
            changes,
            etags: status === 'started' ? {} : this.snapshot(),
        };
    }
    /** Every object whose ETag is not its MD5, as this deploy leaves the prefix. */
    snapshot() {
        const etags = { ...this.carried };
        for (const key of this.deleted)
            delete etags[key];
        for (const [key, { etag, md5 }] of this.after) {
            if (etag === md5 || etag === '')
                delete etags[key];
            else
                etags[key] = [etag, md5];
        }
        return etags;
    }
}
/** The changes a content plan will make, with what the listing showed of each key. */
function plannedChanges(sync, remote) {
    const listed = new Map(remote.map((object) => [object.key, object]));
    const before = (key) => {
        const object = listed.get(key);
        return object ? { etag: object.etag, size: object.size } : null;
    };
    return [
        ...sync.uploads.map(({ file }) => ({
            key: file.key,
            action: 'upload',
            before: before(file.key),
        })),
        ...sync.headerUpdates.map(({ file }) => ({
            key: file.key,
            action: 'headers',
            before: before(file.key),
        })),
        ...sync.deletes.map((object) => ({
            key: object.key,
            action: 'delete',
            before: before(object.key),
        })),
    ];
}
/** The snapshot entries of unchanged objects that the last record vouched for. */
function carriedEtags(sync) {
    const etags = {};
    for (const file of sync.unchanged) {
        if (file.recordedEtag !== undefined)
            etags[file.key] = [file.recordedEtag, file.md5];
    }
    return etags;
}
function runOf(env) {
    const { GITHUB_SHA: commit, GITHUB_REF: ref, GITHUB_REPOSITORY: repository } = env;
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    return {
        ...(commit ? { commit } : {}),
        ...(ref ? { ref } : {}),
        ...(repository && env.GITHUB_RUN_ID
            ? { runUrl: `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` }
            : {}),
    };
}

;// CONCATENATED MODULE: ./src/bucket/deploy-lock.ts




const LOCK_TIMING = { heartbeatMs: 15_000, staleMs: 60_000, pollMs: 5_000 };
// After a cancel (SIGINT, then SIGTERM 7.5 s later on the runner), writes in flight get this long
// to end before the lock is released anyway and the process exits.
const CANCEL_GRACE_MS = 4_000;
function seenLock(stored, now, before) {
    const since = before && before.etag === stored.etag ? before.since : now;
    return {
        etag: stored.etag,
        holder: stored.state?.lock,
        since,
        lastModified: stored.lastModified,
        ageMs: stored.ageMs,
    };
}
/** Why the lock may be taken: no holder, one that died, or an earlier attempt of this run. */
function whyFree(seen, mine, now, timing) {
    if (seen.holder === undefined)
        return 'free';
    // Unchanged for staleMs by the waiter's clock, or by the server's: the holder stopped renewing.
    if (now - seen.since >= timing.staleMs)
        return 'stale';
    if (seen.ageMs !== undefined && seen.ageMs >= timing.staleMs)
        return 'stale';
    // Last modified by S3's clock against ours (no Date header): allow for skew.
    if (seen.lastModified !== undefined && now - seen.lastModified > 5 * timing.staleMs)
        return 'stale';
    const { run, attempt } = seen.holder;
    // A re-run starts only after the earlier attempt ended: that attempt's lock is dead.
    const earlier = mine.run !== undefined &&
        run === mine.run &&
        typeof attempt === 'number' &&
        attempt < (mine.attempt ?? 0);
    return earlier ? 'earlier attempt' : undefined;
}
function newHolder(context) {
    return {
        owner: (0,external_node_crypto_.randomBytes)(8).toString('hex'),
        ...deploy_lock_runOf(process.env),
        started: new Date(context.now()).toISOString(),
        beat: 0,
    };
}
function deploy_lock_runOf(env) {
    if (!env.GITHUB_RUN_ID)
        return {};
    return {
        run: `${env.GITHUB_REPOSITORY ?? ''}#${env.GITHUB_RUN_ID}`,
        attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
    };
}
function describeHolder(holder) {
    const { run, attempt, started } = holder ?? {};
    const who = run ? `run ${run}${attempt ? ` attempt ${attempt}` : ''}` : 'a deploy';
    return started ? `${who}, started ${started}` : who;
}
/**
 * Waits while another deploy holds the lock, reading only the state object, with a backoff
 * (equal jitter, doubling from pollMs/8 up to pollMs): at most 4 + lock-timeout / (pollMs/2)
 * reads, 243 for the default 600 s. Returns the lock as last seen once it may be taken; throws
 * at the deadline, having written nothing.
 */
async function waitForLock(context, first, mine, deadline, timing) {
    const { logger, settings } = context;
    const started = context.now();
    logger.info(`Waiting for another deploy to finish (${describeHolder(first.holder)}).`);
    let seen = first;
    for (let round = 0;; round++) {
        if (context.now() >= deadline) {
            throw new DeployError(`Another deploy of s3://${settings.bucket}/${settings.prefix} is in progress (${describeHolder(seen.holder)}): waited ${Math.round((context.now() - started) / 1000)} s, the "lock-timeout". Nothing was written. Re-run once it has finished, or give the workflow a "concurrency:" group so deploys queue.`);
        }
        await context.sleep(Math.min(backoffMs(round, timing.pollMs), deadline - context.now()));
        seen = seenLock(await readState(context), context.now(), seen);
        if (whyFree(seen, mine, context.now(), timing))
            return seen;
    }
}
/** Equal jitter: half the ceiling plus a random half; the ceiling doubles from max/8 to max. */
function backoffMs(round, maxMs, random = Math.random) {
    const ceiling = Math.min(maxMs, (maxMs / 8) * 2 ** round);
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
/**
 * Takes the lock and records the intent in one write, conditional on the state object being
 * what the survey read (its ETag, or absent). Undefined when another deploy wrote first.
 */
async function takeLock(context, stateEtag, intent, timing) {
    if (intent.lock === undefined)
        throw new Error('an intent without a lock holder');
    const body = stateBody(intent);
    try {
        const etag = await writeOwn(context, body, stateEtag ? { etag: stateEtag } : 'absent');
        return new DeployLock(context, etag, intent, timing);
    }
    catch (error) {
        if (isPreconditionFailed(error))
            return undefined;
        throw error;
    }
}
function writeOwn(context, body, condition) {
    // The lock's own writes are not site writes: they must not wait on the lock itself.
    return own_objects_writeOwnObject({ ...context, beforeWrite: undefined }, STATE_FILE_NAME, body, condition);
}
/**
 * A deploy's hold on bucket + prefix: the state object with a `lock` field. The holder renews
 * it (a heartbeat that also shows the intent is still current), and releasing writes the final
 * state without the field. Every write is conditional on the ETag of the previous one.
 */
class DeployLock {
    context;
    etag;
    state;
    timing;
    timer;
    chain = Promise.resolve();
    lost;
    cancelled;
    released;
    lastBeat;
    onSignal = (signal) => {
        if (this.cancelled)
            return;
        this.cancelled = new DeployError(`The job was cancelled (${signal}) during the deploy: it stopped writing and released the deploy lock. A re-run finishes the job and invalidates every changed path.`);
        this.context.logger.warning(this.cancelled.message);
        setTimeout(() => {
            this.release(undefined).finally(() => process.exit(1));
        }, CANCEL_GRACE_MS).unref();
    };
    constructor(context, etag, state, timing) {
        this.context = context;
        this.etag = etag;
        this.state = state;
        this.timing = timing;
        this.lastBeat = context.now();
        this.timer = setInterval(() => this.serially(() => this.beat()), timing.heartbeatMs);
        this.timer.unref();
        process.on('SIGINT', this.onSignal);
        process.on('SIGTERM', this.onSignal);
        // Once per run, off the critical path: does the endpoint ignore conditions altogether?
        this.serially(() => probeIgnoredConditions(context, STATE_FILE_NAME, stateBody(state)));
    }
    /** Throws once another deploy may have taken the lock over: this one must not write any more. */
    assertHeld() {
        if (this.cancelled)
            throw this.cancelled;
        if (this.lost)
            throw this.lost;
        if (this.context.now() - this.lastBeat > this.timing.staleMs) {
            this.lost = new DeployError(`The deploy lock in ${this.name()} could not be renewed for ${Math.round(this.timing.staleMs / 1000)} s, so another deploy may have taken it over: this deploy stopped writing. Re-run to finish.`);
            throw this.lost;
        }
    }
    /** Whether the lock keeps deploys apart (false: the endpoint has no working conditions). */
    get enforced() {
        return conditionsWork(this.context);
    }
    name() {
        return `s3://${this.context.settings.bucket}/${this.context.settings.prefix}${STATE_FILE_NAME}`;
    }
    serially(write) {
        const turn = this.chain.then(write);
        this.chain = turn.catch(() => { });
        return turn;
    }
    async beat() {
        if (this.lost || this.timer === undefined || !this.state.lock)
            return;
        const state = { ...this.state, lock: { ...this.state.lock, beat: this.state.lock.beat + 1 } };
        try {
            await this.write(state);
            this.lastBeat = this.context.now();
        }
        catch (error) {
            if (isPreconditionFailed(error)) {
                this.lost = new DeployError(`Another deploy took over the deploy lock in ${this.name()} (it thought this one had died): this deploy stopped writing. Re-run to finish, and make deploys of one site wait for each other with a "concurrency:" group.`);
            }
            else {
                this.context.logger.debug(`Renewing the deploy lock failed: ${errorMessage(error)}`);
            }
        }
    }
    async write(state) {
        this.etag = await writeOwn(this.context, stateBody(state), { etag: this.etag });
        this.state = state;
    }
    /**
     * Records the final state and frees the lock, in one write (once). Without a final state (a
     * failure or a cancel) the intent stays recorded and only the lock is removed. Resolves to
     * the error when that write failed (the lock then goes stale; the intent is still there).
     */
    release(final) {
        this.released ??= this.releaseOnce(final);
        return this.released;
    }
    async releaseOnce(final) {
        process.off('SIGINT', this.onSignal);
        process.off('SIGTERM', this.onSignal);
        clearInterval(this.timer);
        this.timer = undefined;
        return this.serially(async () => {
            if (this.lost)
                return this.lost;
            const { lock: _, ...unlocked } = final ?? this.state;
            try {
                await this.write(unlocked);
                return undefined;
            }
            catch (error) {
                return error;
            }
        });
    }
}

;// CONCATENATED MODULE: ./src/cloudfront/distributions.ts








// Origins listed in a refusal; a distribution rarely has more.
const MAX_ORIGINS_SHOWN = 10;
/**
 * The distributions to invalidate, each checked against the bucket before anything is written:
 * the given IDs (GetDistributionConfig each), or with `auto` every distribution whose origin is
 * this bucket (ListDistributions, then GetDistributionConfig for each match, since only the
 * config holds the default root object). Refuses a distribution that does not serve the bucket.
 */
async function resolveDistributions(context) {
    const targets = context.settings.autoDistribution
        ? await findDistributions(context)
        : await Promise.all(context.settings.distributions.map((id) => readTarget(context, id)));
    warnUnverified(context, targets);
    for (const target of targets)
        logTarget(context, target);
    return targets;
}
async function readTarget(context, id) {
    const config = await readConfig(context, id);
    if (config === undefined) {
        return { ...unverifiedTarget(id), existenceChecked: await checkExists(context, id) };
    }
    const origins = originsOf(config.Origins);
    const originPaths = servingOriginPaths(context, origins);
    if (originPaths.length === 0)
        throw notThisBucket(context, id, origins);
    return { id, originPaths, defaultRootObject: config.DefaultRootObject ?? '', verified: true };
}
/** The config, or undefined when reading it is not allowed. */
async function readConfig(context, id) {
    try {
        const response = await cloudFrontCall(context, 'GetDistributionConfig', id, async () => {
            const fast = await context.fastCloudFront?.get(`${CLOUDFRONT_API}/distribution/${id}/config`);
            const config = fast && distributionConfigOf(fast.body.toString('utf8'));
            if (config)
                return { DistributionConfig: config };
            return context.cloudFront.call((client, sdk) => client.send(new sdk.GetDistributionConfigCommand({ Id: id })));
        });
        return response.DistributionConfig ?? {};
    }
    catch (error) {
        // NoSuchDistribution and credential errors arrive explained; only a refusal is tolerated.
        if (!isAccessDenied(sdkErrorOf(error)))
            throw error;
        return undefined;
    }
}
/**
 * Without the config, ListInvalidations (MaxItems 1, the cheapest read of a distribution) still
 * refuses a wrong ID before anything is written. False when that is not allowed either.
 */
async function checkExists(context, id) {
    try {
        await cloudFrontCall(context, 'ListInvalidations', id, () => context.cloudFront.call((client, sdk) => client.send(new sdk.ListInvalidationsCommand({ DistributionId: id, MaxItems: 1 }))));
        return true;
    }
    catch (error) {
        if (!isAccessDenied(sdkErrorOf(error)))
            throw error;
        return false;
    }
}
function originsOf(origins) {
    return (origins?.Items ?? []).map((origin) => ({
        domainName: origin.DomainName ?? '',
        originPath: origin.OriginPath ?? '',
    }));
}
/** The origin paths of this bucket's origins that serve something under the prefix. */
function servingOriginPaths(context, origins) {
    const { prefix } = context.settings;
    return bucketOriginPaths(origins, bucketOriginOf(context.settings)).filter((path) => servesPrefix(path, prefix));
}
function notThisBucket(context, id, origins) {
    const { bucket, prefix } = context.settings;
    const own = bucketOriginPaths(origins, bucketOriginOf(context.settings));
    const reason = own.length > 0
        ? `its origins for bucket "${bucket}" serve only ${own.map((path) => `"${path}/"`).join(', ')}, which holds nothing of prefix "${prefix}"`
        : `none of its origins is bucket "${bucket}"`;
    const shown = origins.slice(0, MAX_ORIGINS_SHOWN).map(describeOrigin).join(', ');
    const more = origins.length > MAX_ORIGINS_SHOWN ? ` and ${origins.length - MAX_ORIGINS_SHOWN} more` : '';
    return new DeployError(`CloudFront distribution ${id} does not serve this deploy: ${reason}. Its origins: ` +
        `${shown || 'none'}${more}. Nothing was written. Check the "distribution" input (and ` +
        '"bucket" and "prefix"): an S3 origin is BUCKET.s3.REGION.amazonaws.com or the website ' +
        `endpoint BUCKET.s3-website-REGION.amazonaws.com.${originHint(context)}`, { badInput: true });
}
/** With an S3-compatible endpoint, how to name the origin that serves the bucket. */
function originHint(context) {
    const { endpointHost, originDomain } = bucketOriginOf(context.settings);
    if (originDomain !== undefined)
        return ` The "origin-domain" input names ${originDomain}: no origin has that domain name.`;
    if (endpointHost === undefined)
        return '';
    return (` With "endpoint", an origin on ${endpointHost} (origin path /${context.settings.bucket}) or ` +
        `on ${context.settings.bucket}.${endpointHost} is the bucket; for another one (a custom ` +
        'domain in front of the bucket), set the "origin-domain" input to its domain name.');
}
function describeOrigin(origin) {
    return origin.originPath === ''
        ? origin.domainName
        : `${origin.domainName} (origin path ${origin.originPath})`;
}
/** `auto`: every distribution of the account whose origin is this bucket. */
async function findDistributions(context) {
    const summaries = await listDistributions(context);
    const matches = summaries.filter((summary) => servingOriginPaths(context, originsOf(summary.Origins)).length > 0);
    if (matches.length === 0) {
        const { bucket, prefix } = context.settings;
        throw new DeployError(`distribution "auto" found no CloudFront distribution whose origin is bucket "${bucket}"` +
            `${prefix ? ` and serves prefix "${prefix}"` : ''}, among the account's ` +
            `${summaries.length} distribution(s). Nothing was written. Give the distribution ID ` +
            'as the "distribution" input, or leave it empty to deploy without invalidating.', { badInput: true });
    }
    return Promise.all(matches.map((summary) => targetOfSummary(context, summary)));
}
async function listDistributions(context) {
    const summaries = [];
    let marker;
    do {
        const Marker = marker;
        const response = await cloudFrontCall(context, 'ListDistributions', undefined, () => context.cloudFront.call((client, sdk) => client.send(new sdk.ListDistributionsCommand(Marker ? { Marker } : {}))));
        const list = response.DistributionList;
        summaries.push(...(list?.Items ?? []));
        marker = list?.IsTruncated ? list.NextMarker : undefined;
    } while (marker);
    return summaries;
}
/** The config is read for the default root object, which the list does not carry. */
async function targetOfSummary(context, summary) {
    const id = summary.Id ?? '';
    const config = await readConfig(context, id);
    const origins = originsOf(config?.Origins ?? summary.Origins);
    const originPaths = servingOriginPaths(context, origins);
    if (originPaths.length === 0)
        throw notThisBucket(context, id, origins);
    const defaultRootObject = config?.DefaultRootObject ?? '';
    return { id, originPaths, defaultRootObject, verified: true, rootObjectUnknown: !config };
}
/** One warning for every distribution whose config could not be read. */
function warnUnverified(context, targets) {
    const unread = targets.filter((target) => !target.verified || target.rootObjectUnknown);
    if (unread.length === 0)
        return;
    const arns = unread.map((target) => distributionArn(target.id)).join(', ');
    const ids = unread.map((target) => target.id).join(', ');
    const consequence = context.settings.autoDistribution
        ? 'Their default root object is unknown: "/" is invalidated for index.html.'
        : `It is not checked that ${ids} serve(s) bucket "${context.settings.bucket}": keys are ` +
            'invalidated as if the origin were the bucket root, with "/" for index.html, so a wrong ' +
            'ID or an origin path would go unnoticed.';
    const unchecked = unread.filter((target) => target.existenceChecked === false);
    const existence = unchecked.length > 0
        ? ` cloudfront:ListInvalidations is not allowed either, so a wrong ID (${unchecked.map((target) => target.id).join(', ')}) would only show after the upload.`
        : '';
    context.logger.warning(`Could not read the config of CloudFront distribution(s) ${ids}: cloudfront:GetDistributionConfig ` +
        `on ${arns} is not allowed. ${consequence}${existence} Add that permission (print-policy: true ` +
        'prints the policy).');
}
function logTarget(context, target) {
    if (!target.verified)
        return;
    const paths = target.originPaths.map((path) => (path === '' ? 'the bucket root' : path));
    context.logger.info(control_characters_showControlCharacters(`CloudFront ${target.id} serves bucket ${context.settings.bucket} from ${paths.join(', ')}; ` +
        `"/" is ${rootDocumentOf(target)}.`));
}

;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
;// CONCATENATED MODULE: ./src/base/memory-mode.ts

/**
 * Past this many files, V8's collector is told to favour memory (see favourMemory). Below it a
 * deploy keeps V8's defaults, which cost less CPU: a first deploy of 1,500 files took 30% less
 * CPU without the flags (4.9-5.3 s -> 3.3-3.9 s; bench/README.md) and peaked at 170 MiB; one of
 * 5,000 files took 9.5 s of CPU instead of 13.8 s and peaked at 240 MiB instead of 126 MiB.
 * Memory grows with the uploads, and matters on large trees: 100,000 files peaked at 456 MiB
 * without the flags, 206-274 MiB with them (bench/README.md).
 */
const FAVOUR_MEMORY_AFTER_FILES = 10_000;
/** The flags, for the test that holds them to the Node release the action runs on. */
const MEMORY_FLAGS = ['--optimize-for-size', '--heap-growing-percent=20'];
let favoured = false;
/** Whether favourMemory has run in this process. */
function favouringMemory() {
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
function favourMemory() {
    if (favoured)
        return;
    favoured = true;
    const { setFlagsFromString } = (0,external_node_module_namespaceObject.createRequire)(import.meta.url)('node:v8');
    for (const flag of MEMORY_FLAGS)
        setFlagsFromString(flag);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
;// CONCATENATED MODULE: ./src/bucket/list-objects-xml.ts
// Reads one ListObjectsV2 page straight from its bytes: the SDK's generic XML deserializer builds a
// tree per page and, over 100,000 keys, far more garbage than the three fields we keep.

function tag(name) {
    return { open: Buffer.from(`<${name}>`), close: Buffer.from(`</${name}>`) };
}
// Exact open tags, so `<Key>` never matches `<KeyCount>`. Text content cannot hold a raw `<`, so
// these byte patterns only ever match real tags.
const CONTENTS = tag('Contents');
const KEY = tag('Key');
const ETAG = tag('ETag');
const SIZE = tag('Size');
const IS_TRUNCATED = tag('IsTruncated');
const NEXT_CONTINUATION_TOKEN = tag('NextContinuationToken');
const ROOT = Buffer.from('<ListBucketResult');
// S3 escapes the ETag's quotes as `&quot;`; other S3-compatible servers send them raw or numeric.
const ETAG_QUOTES = ['&quot;', '"', '&#34;', '&#x22;'].map((quote) => Buffer.from(quote));
/** The keys, sizes and ETags of one ListObjectsV2 response body, and where the listing goes on. */
function parseListObjectsPage(body) {
    assertListBucketResult(body);
    const objects = [];
    for (let contents = find(body, CONTENTS, 0, body.length); contents;) {
        objects.push(parseContents(body, contents));
        contents = find(body, CONTENTS, contents.end + CONTENTS.close.length, body.length);
    }
    // Neither element occurs inside <Contents>, so the first match is the top-level one.
    const truncated = find(body, IS_TRUNCATED, 0, body.length);
    const token = find(body, NEXT_CONTINUATION_TOKEN, 0, body.length);
    return {
        objects,
        isTruncated: truncated !== undefined && list_objects_xml_text(body, truncated) === 'true',
        nextContinuationToken: token && list_objects_xml_text(body, token),
    };
}
function parseContents(body, contents) {
    const key = find(body, KEY, contents.start, contents.end);
    if (!key)
        throw malformed(`a <Contents> at byte ${contents.start} has no <Key>`);
    const etag = find(body, ETAG, contents.start, contents.end);
    const size = find(body, SIZE, contents.start, contents.end);
    // A missing ETag or Size reads as '' or 0, as the SDK-based listing did: the object re-uploads.
    return {
        key: list_objects_xml_text(body, key),
        size: size ? integer(body, size) : 0,
        etag: etag ? list_objects_xml_text(body, unquote(body, etag)) : '',
    };
}
/** The text span of the first `tag` element opening within [from, to), if there is one. */
function find(body, tag, from, to) {
    const open = body.indexOf(tag.open, from);
    if (open < 0 || open + tag.open.length > to)
        return undefined;
    const start = open + tag.open.length;
    const end = body.indexOf(tag.close, start);
    if (end < 0 || end + tag.close.length > to)
        throw malformed(`${tag.open} at byte ${open} is not closed`);
    return { start, end };
}
/** A fresh flat string, never a slice of a page-sized string that would keep the page alive. */
function list_objects_xml_text(body, span) {
    try {
        return unescapeXml(body.toString('utf8', span.start, span.end));
    }
    catch (error) {
        throw malformed(error instanceof Error ? error.message : String(error));
    }
}
function unquote(body, span) {
    for (const quote of ETAG_QUOTES) {
        const length = quote.length;
        if (span.end - span.start >= 2 * length &&
            body.compare(quote, 0, length, span.start, span.start + length) === 0 &&
            body.compare(quote, 0, length, span.end - length, span.end) === 0) {
            return { start: span.start + length, end: span.end - length };
        }
    }
    return span;
}
/** Sizes reach 5 TiB, past 32 bits but well within a double's exact integers. */
function integer(body, span) {
    if (span.start === span.end)
        throw malformed('<Size> is empty');
    let value = 0;
    for (let at = span.start; at < span.end; at++) {
        const digit = (body[at] ?? 0) - 0x30;
        if (digit < 0 || digit > 9)
            throw malformed(`<Size> is not an integer: ${list_objects_xml_text(body, span)}`);
        value = value * 10 + digit;
    }
    return value;
}
/** An <Error> document, or an HTML page from a proxy, must not read as an empty listing. */
function assertListBucketResult(body) {
    let at = body.indexOf('<');
    // Skip the XML declaration, comments and a doctype: `<?` and `<!`.
    while (at >= 0 && (body[at + 1] === 0x3f || body[at + 1] === 0x21))
        at = body.indexOf('<', at + 1);
    const name = body.subarray(at, at + ROOT.length);
    const after = String.fromCharCode(body[at + ROOT.length] ?? 0);
    if (at < 0 || !name.equals(ROOT) || !' \t\r\n/>'.includes(after)) {
        throw new Error(`S3 returned no ListBucketResult: ${body.toString('utf8', 0, 300)}`);
    }
}
function malformed(detail) {
    return new Error(`Malformed ListObjectsV2 response: ${detail}`);
}

;// CONCATENATED MODULE: ./src/bucket/listing-ranges.ts

/**
 * Every key, in S3's order, exactly as one listing from the start returns it, but read over
 * several key ranges at once. The first range starts at once; when the keys the bucket is
 * expected to hold arrive (the local tree's, sorted), the rest of the key space is split at
 * every `pageSize`-th of them after where the first range has got to: each range starts after
 * its split point and ends at the next one, so when the bucket holds what is expected, each
 * range is one page. Keys the local tree lacks only cost more pages in their range.
 */
async function listKeyRanges(request, expectedKeys, options) {
    const head = new HeadRange(request);
    const headDone = head.run();
    // Awaited below or returned; this only keeps a failure after an early return handled.
    headDone.catch(() => { });
    if (!expectedKeys)
        return headDone;
    // The walk's failure is the survey's to report; here it only means one range.
    expectedKeys.catch(() => { });
    // The first page tells whether there is more than one page at all.
    await Promise.race([head.firstPage, headDone]);
    if (head.finished)
        return headDone;
    // Without the local keys (the walk failed: the survey reports that), one range it is.
    const expected = await Promise.race([
        expectedKeys.catch(() => undefined),
        headDone.then(() => undefined),
    ]);
    if (!expected || head.finished)
        return headDone;
    const bounds = splitPoints(expected, head.lastKey, options.pageSize);
    if (bounds.length === 0)
        return headDone;
    head.stopAfter(bounds[0]);
    const ranges = bounds.map((from, i) => ({ from, to: bounds[i + 1] }));
    const [headObjects, rest] = await Promise.all([
        headDone,
        mapConcurrent(ranges, Math.max(1, options.inFlight - 1), (range) => listRange(request, range.from, range.to)),
    ]);
    return headObjects.concat(...rest);
}
/** The range from the first key, listed page by page until told where to stop. */
class HeadRange {
    request;
    objects = [];
    finished = false;
    lastKey;
    firstPage;
    resolveFirst;
    end;
    constructor(request) {
        this.request = request;
        this.firstPage = new Promise((resolve) => {
            this.resolveFirst = resolve;
        });
    }
    stopAfter(end) {
        this.end = end;
        // What was already listed past the end belongs to the next range.
        trimAfter(this.objects, end);
    }
    async run() {
        let token;
        for (;;) {
            const page = await this.request(undefined, token);
            this.objects.push(...page.objects);
            this.lastKey = page.objects.at(-1)?.key ?? this.lastKey;
            this.resolveFirst(page);
            const passedEnd = this.end !== undefined &&
                this.lastKey !== undefined &&
                compareKeys(this.lastKey, this.end) >= 0;
            if (this.end !== undefined)
                trimAfter(this.objects, this.end);
            token = page.isTruncated ? page.nextContinuationToken : undefined;
            if (!token || passedEnd)
                break;
        }
        this.finished = true;
        return this.objects;
    }
}
/** The keys after `from` up to and including `to` (to the end without one). */
async function listRange(request, from, to) {
    const objects = [];
    let token;
    for (;;) {
        const page = await request(token ? undefined : from, token);
        objects.push(...page.objects);
        const last = page.objects.at(-1)?.key;
        token = page.isTruncated ? page.nextContinuationToken : undefined;
        if (!token || (to !== undefined && last !== undefined && compareKeys(last, to) >= 0))
            break;
    }
    if (to !== undefined)
        trimAfter(objects, to);
    return objects;
}
/** Drops the keys after `end` from the tail of a listing in key order. */
function trimAfter(objects, end) {
    let keep = objects.length;
    while (keep > 0 && compareKeys(objects[keep - 1].key, end) > 0)
        keep--;
    objects.length = keep;
}
/**
 * Split points: every `pageSize`-th expected key after `listedUpTo`, counted from the first one
 * after it, so that the page already in flight ends at the first split point; none that would
 * leave an empty last range. Sorted in S3's order, without repeats.
 */
function splitPoints(expected, listedUpTo, pageSize) {
    const after = listedUpTo === undefined
        ? expected
        : expected.filter((key) => compareKeys(key, listedUpTo) > 0);
    const points = [];
    for (let i = pageSize - 1; i < after.length - 1; i += pageSize)
        points.push(after[i]);
    return [...new Set(points)].sort(compareKeys);
}
/**
 * S3's order of keys: by their UTF-8 bytes, which is code point order. JavaScript compares
 * UTF-16 code units, which differs for characters above U+FFFF (surrogate pairs, D800-DFFF)
 * against those from U+E000 to U+FFFF.
 */
function compareKeys(a, b) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x === y)
            continue;
        const xSurrogate = x >= 0xd800 && x <= 0xdfff;
        const ySurrogate = y >= 0xd800 && y <= 0xdfff;
        if (xSurrogate !== ySurrogate)
            return xSurrogate ? 1 : -1;
        return x - y;
    }
    return a.length - b.length;
}

;// CONCATENATED MODULE: ./src/bucket/listing.ts





/** S3's most keys per page. */
const PAGE_SIZE = 1000;
/**
 * Every object under the prefix. With `expectedKeys` (the local tree's keys, prefix included,
 * once the walk has them), a bucket of more than one page is read over several key ranges at
 * once (listing-ranges.ts); without, one page (1,000 keys) after another. Either way the result
 * is what one listing returns. Pages: a bucket of up to 1,000 keys costs one; when the bucket
 * holds the tree's keys plus a few that sort first (the action's own objects), ceil(M / 1,000)
 * for M keys, at most one more (tested in test/bucket/listing-ranges.test.ts); each key the tree
 * lacks can cost a page more in its range. This action's own objects (`.s3-cf-sync*` at the
 * prefix) are never site files: they go to `own` (name -> ETag).
 */
async function listRemoteObjects(context, own, { onPage, expectedKeys, startingWith = '' } = {}) {
    const { settings, logger } = context;
    const pages = pageRequest(context, PAGE_SIZE, startingWith);
    let listedSoFar = 0;
    const request = async (startAfter, token) => {
        const page = await pages(startAfter, token);
        listedSoFar += page.objects.length;
        onPage?.(listedSoFar);
        return page;
    };
    const listed = await listKeyRanges(request, expectedKeys, {
        pageSize: PAGE_SIZE,
        inFlight: settings.concurrency,
    });
    const objects = [];
    for (const object of listed) {
        if (!object.key.startsWith(settings.prefix))
            continue;
        const key = object.key.slice(settings.prefix.length);
        if (isOwnObject(key)) {
            if (!key.includes('/'))
                own?.set(key, object.etag);
            continue;
        }
        if (key === '' || key.endsWith('/')) {
            logger.debug(`Left alone: folder marker "${object.key}".`);
            continue;
        }
        objects.push(settings.prefix ? { key, size: object.size, etag: object.etag } : object);
    }
    return objects;
}
/** ListObjectsV2 under the prefix, `pageSize` keys a page (sent only when not S3's 1,000). */
function pageRequest(context, pageSize, startingWith = '') {
    const { s3, settings } = context;
    return async (startAfter, token) => {
        const input = {
            Bucket: settings.bucket,
            ...(settings.prefix || startingWith ? { Prefix: settings.prefix + startingWith } : {}),
            ...(token ? { ContinuationToken: token } : startAfter ? { StartAfter: startAfter } : {}),
            ...(pageSize !== PAGE_SIZE ? { MaxKeys: pageSize } : {}),
        };
        return awsCall(context, 'ListObjectsV2', undefined, async () => (await fastPage(context, input)) ?? listPage(s3, input));
    };
}
/** One page by our own GET (fast-s3.ts); undefined: the SDK is to send it. */
async function fastPage({ fast }, input) {
    const answer = await fast?.get('', {
        'list-type': '2',
        ...(input.ContinuationToken ? { 'continuation-token': input.ContinuationToken } : {}),
        ...(input.MaxKeys !== undefined ? { 'max-keys': String(input.MaxKeys) } : {}),
        ...(input.Prefix ? { prefix: input.Prefix } : {}),
        ...(input.StartAfter ? { 'start-after': input.StartAfter } : {}),
    });
    if (answer === undefined)
        return undefined;
    if (answer.status === 200)
        return parseListObjectsPage(answer.body);
    fast?.stop(`ListObjectsV2 was answered ${answer.status}.`);
    return undefined;
}
/**
 * One page, its body read by our own parser instead of the SDK's XML deserializer, which
 * builds a tree per page: over 100,000 keys, most of the listing's memory. The SDK still
 * signs and sends the request, and an error answer still reaches its deserializer untouched.
 */
async function listPage(s3, input) {
    return s3.call(async (client, sdk) => {
        const command = new sdk.ListObjectsV2Command(input);
        let page;
        command.middlewareStack.add((next) => async (args) => {
            const result = await next(args);
            const response = result.response;
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) {
                page = parseListObjectsPage(await bytesOf(response.body));
                // What the SDK's deserializer now reads: an empty result we do not use.
                response.body = external_node_stream_.Readable.from([]);
            }
            return result;
        }, 
        // Innermost: it sees the HTTP response before the deserializer does.
        { step: 'deserialize', priority: 'low', name: 'parseListObjectsPage' });
        await client.send(command);
        if (!page)
            throw new Error('ListObjectsV2 answered without a listing.');
        return page;
    });
}
async function bytesOf(body) {
    if (body instanceof Uint8Array)
        return Buffer.from(body.buffer, body.byteOffset, body.length);
    const chunks = [];
    for await (const chunk of body)
        chunks.push(chunk);
    return Buffer.concat(chunks);
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/local/hash-pool.ts


// Small enough that the last batches spread over every worker, large enough that a message
// costs little beside the reads it carries (site files are mostly a few KB).
const BATCH_FILES = 64;
const BATCH_BYTES = 8 * 1024 * 1024;
const MAX_WORKERS = 8;
// The worker is evaluated from this text: the action is one bundled file, and a worker needs
// only node:fs and node:crypto. Each reads through one reused buffer, as the main thread does.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(1024 * 1024);
function md5(path) {
  const hash = createHash('md5');
  const file = openSync(path, 'r');
  try {
    for (;;) {
      const bytesRead = readSync(file, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    closeSync(file);
  }
  return hash.digest('hex');
}
parentPort.on('message', ({ id, paths }) => {
  const results = paths.map((path) => {
    try {
      return md5(path);
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  });
  parentPort.postMessage({ id, results });
});
`;
/**
 * MD5s of files on worker threads, one per core but the main thread's (which walks the folder and
 * reads the listing meanwhile): for a large tree, hashing on the main thread is most of a
 * re-deploy. Files are sent in batches (paths only; each worker reads the file
 * itself) and their `md5` filled in as results come back.
 */
class HashPool {
    onHashed;
    workers;
    inFlight = new Map();
    outstanding = new Map();
    failures = [];
    batch = { files: [], bytes: 0 };
    nextId = 0;
    drained;
    broken;
    /** `onHashed` hears of each file as its MD5 arrives (the progress display counts them). */
    constructor(workerCount = HashPool.workerCount(), onHashed) {
        this.onHashed = onHashed;
        this.workers = Array.from({ length: workerCount }, () => this.startWorker());
    }
    /**
     * One worker per core the process may use but one, at least one, at most MAX_WORKERS. On 2
     * cores, 20,000 files: one worker took as long as two (1.2-2.0 s against 1.1-2.2 s, load 7)
     * for 10% less CPU and 10 MiB less memory.
     */
    static workerCount() {
        return Math.max(1, Math.min(MAX_WORKERS, (0,external_node_os_.availableParallelism)() - 1));
    }
    add(file) {
        this.batch.files.push(file);
        this.batch.bytes += file.size;
        if (this.batch.files.length >= BATCH_FILES || this.batch.bytes >= BATCH_BYTES)
            this.send();
    }
    /** Waits for every file added; resolves to those that could not be read. */
    async finish() {
        this.send();
        if (this.inFlight.size > 0) {
            await new Promise((resolve) => {
                this.drained = resolve;
            });
        }
        if (this.broken)
            throw this.broken;
        return this.failures;
    }
    /** Ends the workers (also when the walk failed half-way): they would keep the process alive. */
    close() {
        for (const worker of this.workers)
            void worker.terminate();
    }
    startWorker() {
        const worker = new external_node_worker_threads_namespaceObject.Worker(WORKER_SOURCE, { eval: true });
        this.outstanding.set(worker, 0);
        worker.on('message', ({ id, results }) => this.receive(id, results));
        worker.on('error', (error) => this.fail(error));
        return worker;
    }
    send() {
        const { files } = this.batch;
        if (files.length === 0)
            return;
        this.batch = { files: [], bytes: 0 };
        // The least busy worker: batches differ in size, and a large file holds one up.
        let worker = this.workers[0];
        for (const candidate of this.workers) {
            if ((this.outstanding.get(candidate) ?? 0) < (this.outstanding.get(worker) ?? 0)) {
                worker = candidate;
            }
        }
        const id = this.nextId++;
        this.inFlight.set(id, { files, worker });
        this.outstanding.set(worker, (this.outstanding.get(worker) ?? 0) + files.length);
        worker.postMessage({ id, paths: files.map((file) => file.path) });
    }
    receive(id, results) {
        const sent = this.inFlight.get(id);
        if (!sent)
            return;
        this.inFlight.delete(id);
        this.outstanding.set(sent.worker, (this.outstanding.get(sent.worker) ?? 0) - sent.files.length);
        sent.files.forEach((file, index) => {
            const result = results[index];
            if (typeof result === 'string') {
                file.md5 = result;
                this.onHashed?.(file);
            }
            else {
                const error = new Error(result?.message ?? 'no result');
                if (result?.code)
                    error.code = result.code;
                this.failures.push({ file, error });
            }
        });
        if (this.inFlight.size === 0)
            this.drained?.();
    }
    /** A worker that died (out of memory, a bug): the survey fails rather than guess. */
    fail(error) {
        this.broken ??= error;
        this.inFlight.clear();
        this.drained?.();
    }
}

;// CONCATENATED MODULE: ./src/plan/survey.ts










/**
 * Files hashed on the main thread before the rest go to worker threads: starting a worker costs
 * about as much as hashing a thousand or two small files, so a small site never starts one.
 */
const POOL_AFTER_FILES = 2000;
/**
 * Walks and hashes the folder while the bucket is being listed: hashing waits neither for the
 * listing nor for the walk. Only files whose object has a multipart ETag are read a second time.
 */
async function survey(context) {
    const { settings, logger } = context;
    return logger.group('Listing and hashing', async () => {
        // A missing folder is bad input: refuse it before the first request.
        await rootOf(settings.dir);
        // Each file is hashed as soon as the walk finds it: small ones on the spot, inside the
        // walk's time slices; large ones streamed, as many at once as the buffer pool allows. Past
        // POOL_AFTER_FILES files, the rest go to worker threads (local/hash-pool.ts).
        const streamed = [];
        const walkBuffer = Buffer.allocUnsafe(SMALL_FILE_BYTES);
        const seen = new SurveyProgress(logger);
        const unreadable = new Set();
        const failed = (file, error) => {
            unreadable.add(file);
            skipUnreadable(file, error, logger);
        };
        let found = 0;
        let pool;
        const walk = listLocalFiles(settings.dir, {
            exclude: settings.exclude,
            prefix: settings.prefix,
            logger,
            onFile: (file) => {
                if (++found === FAVOUR_MEMORY_AFTER_FILES)
                    favourMemory();
                if (found > POOL_AFTER_FILES) {
                    pool ??= new HashPool(HashPool.workerCount(), (hashed) => seen.hashed(hashed.size));
                    pool.add(file);
                }
                else if (file.size < SMALL_FILE_BYTES) {
                    try {
                        file.md5 = md5OfFileSync(file.path, walkBuffer);
                        seen.hashed(file.size);
                    }
                    catch (error) {
                        failed(file, error);
                    }
                }
                else
                    streamed.push(hashStreamed(context, file, failed, seen));
            },
        });
        const hashing = walk
            .then(async ({ files, skipped }) => {
            await Promise.all(streamed);
            for (const { file, error } of (await pool?.finish()) ?? [])
                failed(file, error);
            for (const file of unreadable)
                skipped.push(file.key);
            return { files: usableFiles(files, unreadable, logger), skipped };
        })
            .finally(() => pool?.close());
        // The walk's keys, once it has them, split the bucket's listing into ranges read at once.
        const expectedKeys = walk.then(({ files }) => files.map((file) => settings.prefix + file.key));
        const own = new Map();
        const [{ files: hashed, skipped }, remote, stored] = await Promise.all([
            hashing,
            listRemoteObjects(context, own, { onPage: (listed) => seen.listed(listed), expectedKeys }),
            readState(context),
        ]);
        if (stored.refused !== undefined) {
            // Refused, yet listed: it exists and this deploy may not read it.
            if (own.has(STATE_FILE_NAME))
                throw stored.refused;
            logger.debug(`${STATE_FILE_NAME}: the read was refused and the listing has no such object: none yet.`);
        }
        logger.info(`${hashed.length} files in ${settings.dir}; ${remote.length} objects in s3://${settings.bucket}/${settings.prefix}.`);
        await matchMultipartObjects(context, hashed, remote);
        const ids = recordIds(own.keys());
        // The last deploy left no object whose ETag is no MD5: no record can match one.
        if (stored.state?.recordedEtags !== 0)
            await matchRecordedEtags(context, hashed, remote, ids);
        return {
            local: hashed,
            skipped,
            remote,
            state: stored.state,
            stateEtag: stored.etag,
            stored,
            listedStateEtag: own.get(STATE_FILE_NAME),
            recordIds: ids,
        };
    });
}
/** A large file, hashed through a pooled buffer while the walk goes on. */
function hashStreamed(context, file, failed, seen) {
    const hashed = context.buffers
        .use((buffer) => md5OfFile(file.path, buffer))
        .then((hex) => {
        file.md5 = hex;
        seen.hashed(file.size);
    }, (error) => failed(file, error));
    hashed.catch(() => { }); // awaited by the survey; this keeps a failure during the walk handled
    return hashed;
}
async function matchMultipartObjects(context, hashed, remote) {
    // Few objects (often none) have a multipart ETag: only those are looked up.
    const multipartByKey = new Map(remote
        .filter((object) => multipartPartCount(object.etag) !== undefined)
        .map((object) => [object.key, object]));
    // Only files whose object has another size-matching, non-MD5 ETag are read again.
    const candidates = hashed.filter((file) => {
        const object = multipartByKey.get(file.key);
        return object && object.size === file.size && object.etag !== file.md5;
    });
    // Reading them again takes as long as the first hash: the status line counts it.
    const totalBytes = candidates.reduce((sum, file) => sum + file.size, 0);
    const progress = {
        phase: 'hashing',
        done: 0,
        total: candidates.length,
        bytes: 0,
        totalBytes,
    };
    if (candidates.length > 0)
        context.logger.progress?.({ ...progress });
    await mapConcurrent(candidates, context.settings.concurrency, async (file) => {
        const etag = multipartByKey.get(file.key)?.etag ?? '';
        const multipartEtag = await matchMultipartEtag(file.path, file.size, etag);
        if (multipartEtag)
            file.multipartEtag = multipartEtag;
        progress.done += 1;
        progress.bytes += file.size;
        context.logger.progress?.({ ...progress });
    });
}
/**
 * SSE-KMS, DSSE-KMS and SSE-C give ETags that are no MD5 (and multipart ones nobody can match):
 * an object whose listed ETag is the one the last record says the action's own write of these
 * very bytes got is unchanged. The record is read only when such objects exist (none on an
 * MD5-ETag bucket), and only the newest complete one, which carries every such ETag.
 */
async function matchRecordedEtags(context, hashed, remote, ids) {
    if (ids.length === 0 || context.settings.keepDeploys === 0)
        return;
    const byKey = new Map(remote.map((object) => [object.key, object]));
    const candidates = hashed.filter((file) => {
        const object = byKey.get(file.key);
        return (object !== undefined &&
            object.size === file.size &&
            object.etag !== file.md5 &&
            object.etag !== file.multipartEtag);
    });
    if (candidates.length === 0)
        return;
    const snapshot = await latestEtagSnapshot(context, ids);
    let matched = 0;
    for (const file of candidates) {
        const [etag, md5] = snapshot.get(file.key) ?? [];
        if (etag !== undefined && etag === byKey.get(file.key)?.etag && md5 === file.md5) {
            file.recordedEtag = etag;
            matched += 1;
        }
    }
    context.logger.info(`${matched} of ${candidates.length} objects whose ETag is no MD5 (SSE-KMS, SSE-C, multipart) match the ETag recorded by the last deploy: unchanged.`);
}
/**
 * A file that cannot be read for its permissions is skipped, and its object kept. One that fails
 * otherwise (it vanished between the walk and the read) fails the deploy before anything is
 * written: the folder is changing under it, so no plan made from it can be trusted.
 */
function skipUnreadable(file, error, logger) {
    const reason = unreadableReason(error);
    if (!reason)
        throw changedWhileRead(file.path, error);
    logger.warning(`Skipped ${control_characters_showControlCharacters(file.key)}: ${reason}; its object in the bucket, if any, is kept.`);
}
/**
 * Without the unreadable files, nor those named like the action's own objects (state and lock),
 * which share the namespace and are never synced.
 */
function usableFiles(local, unreadable, logger) {
    return local.filter((file) => {
        if (unreadable.size > 0 && unreadable.has(file))
            return false;
        if (!isOwnObject(file.key))
            return true;
        logger.warning(`Skipped ${control_characters_showControlCharacters(file.key)}: names starting with ".s3-cf-sync" are kept for this action's state and lock in the bucket.`);
        return false;
    });
}
/** Files hashed and objects listed so far: the walk and the listing run at once. */
class SurveyProgress {
    logger;
    files = 0;
    bytes = 0;
    objects = 0;
    constructor(logger) {
        this.logger = logger;
        this.report();
    }
    hashed(bytes) {
        this.files += 1;
        this.bytes += bytes;
        this.report();
    }
    listed(objects) {
        this.objects = objects;
        this.report();
    }
    report() {
        this.logger.progress?.({
            phase: 'listing',
            done: this.files,
            bytes: this.bytes,
            detail: `${this.objects.toLocaleString('en-US')} objects listed`,
        });
    }
}

;// CONCATENATED MODULE: ./src/plan/locked-plan.ts








// The plan a deploy writes from, made under the deploy lock: deploy.ts calls lockForPlan once
// the first plan has something to write.
// Lost races for the lock before giving up (each one waits a backoff and plans again).
const MAX_LOST_RACES = 5;
// Listings again because the state moved while the bucket was listed, before going on anyway.
const MAX_RELISTS = 3;
/**
 * Takes the deploy lock with the intent in one conditional write on the state the plan was made
 * from. While another deploy holds the lock it waits (reading only the state), then lists and
 * plans again, since the bucket changed; a lost race (412) also plans again. Without a lock in
 * the result, a fresh plan found nothing left to do.
 */
async function lockForPlan(context, first, beside) {
    const timing = context.lockTiming ?? LOCK_TIMING;
    const deadline = context.now() + context.settings.lockTimeoutSeconds * 1000;
    const mine = newHolder(context);
    let current = first;
    let seen;
    for (let lostRaces = 0, relisted = 0;;) {
        const { found } = current;
        seen = seenLock(found.stored, context.now(), seen);
        const why = whyFree(seen, mine, context.now(), timing);
        if (why === undefined) {
            seen = await waitForLock(context, seen, mine, deadline, timing);
            current = await replan(context, current, 'The other deploy finished: listing the bucket again.');
        }
        else if (found.listedStateEtag !== found.stateEtag && relisted < MAX_RELISTS) {
            // A server whose listing shows ETags differently would never agree: the conditional take
            // still keeps deploys apart, so after a few tries it goes on.
            relisted += 1;
            current = await replan(context, current, 'A deploy wrote while the bucket was listed: listing it again.');
        }
        else {
            // The ID of this deploy's record, later than every recorded one (bucket/deploy-record.ts).
            const deployId = newDeployId(context.now(), found.recordIds.at(-1));
            const intent = intentOf(context, found.state, current.plan, deployId, mine);
            // Beside the lock, not after it: the first site write waits for both.
            const alongside = beside?.(current, deployId);
            const [taking, writing] = await Promise.allSettled([
                takeLock(context, found.stateEtag, intent, timing),
                alongside?.written,
            ]);
            const lock = taking.status === 'fulfilled' ? taking.value : undefined;
            if (lock) {
                if (why !== 'free')
                    warnTakeover(context, seen, why);
                return { ...current, lock, deployId, ...(alongside ? { beside: alongside } : {}) };
            }
            if (alongside && writing.status === 'fulfilled')
                await alongside.withdraw();
            if (taking.status === 'rejected')
                throw taking.reason;
            lostRaces += 1;
            if (lostRaces > MAX_LOST_RACES || context.now() >= deadline) {
                throw new DeployError(`Other deploys of s3://${context.settings.bucket}/${context.settings.prefix} kept writing its state first (${lostRaces} times): nothing was written. Give the workflow a "concurrency:" group so deploys queue.`);
            }
            await context.sleep(backoffMs(lostRaces, timing.pollMs));
            current = await replan(context, current, 'Another deploy changed the bucket since it was listed: listing it again.');
        }
        if (!hasWork(context, current))
            return { ...current, lock: undefined, deployId: '' };
    }
}
async function replan(context, before, why) {
    context.logger.info(why);
    const found = await survey(context);
    const plan = await context.logger.group('Planning again', () => planDeploy(context, found));
    return { found, plan, targets: await targetsFor(context, plan, before.targets) };
}
function warnTakeover(context, seen, why) {
    const reason = why === 'earlier attempt'
        ? 'an earlier attempt of this workflow run, which has ended'
        : 'it had not been renewed for a minute or more, so that deploy had stopped';
    context.logger.warning(`Took over the deploy lock of ${describeHolder(seen.holder)}: ${reason}.`);
}
/** The distributions to invalidate, read once, the first time the plan has anything for them. */
async function targetsFor(context, plan, resolved) {
    if (resolved !== undefined)
        return resolved;
    const { fullKeys } = invalidationTargetsOf(context.settings, plan);
    return needsInvalidation(context.settings, fullKeys) ? resolveDistributions(context) : undefined;
}
/** The keys to invalidate with the prefix (as CloudFront origins see them), and those carried over. */
function invalidationTargetsOf(settings, plan) {
    return {
        fullKeys: plan.invalidationKeys.map((key) => settings.prefix + key),
        carriedOver: new Set(plan.carriedOverKeys.map((key) => settings.prefix + key)),
    };
}
function hasWork(context, { found, plan }) {
    const { settings } = context;
    const { sync } = plan;
    return (sync.uploads.length + sync.headerUpdates.length + sync.deletes.length > 0 ||
        needsInvalidation(settings, invalidationTargetsOf(settings, plan).fullKeys) ||
        plan.stateOutdated ||
        leftLocked(context, found));
}
/**
 * A lock left by a deploy that ended without writing its last state (it failed, or was killed)
 * and is dead by now (stale on sight, or an earlier attempt of this run): a re-run frees it even
 * when nothing else changed. A live holder's lock is left alone. No lock: no cost.
 */
function leftLocked(context, found) {
    if (found.state?.lock === undefined)
        return false;
    const timing = context.lockTiming ?? LOCK_TIMING;
    const now = context.now();
    const why = whyFree(seenLock(found.stored, now), newHolder(context), now, timing);
    return why === 'stale' || why === 'earlier attempt';
}
/**
 * The state recorded before the first write: the old header rules (they are not applied yet) and
 * every key this deploy may change, so that a deploy killed at any point leaves the next one
 * enough to invalidate what viewers could see stale.
 */
function intentOf(context, previous, plan, deployId, lock) {
    const base = previous ?? { ...stateFor(context.settings), headerRules: '' };
    return {
        ...base,
        pendingInvalidation: invalidates(context.settings) ? plan.invalidationKeys : [],
        deployId,
        lock,
    };
}

;// CONCATENATED MODULE: ./src/report/deploy-result.ts

/** A deploy that failed after planning: the message, and what it had done by then. */
class DeployFailure extends DeployError {
    result;
    constructor(result, cause) {
        super(errorMessage(cause), {
            cause,
            badInput: cause instanceof DeployError && cause.badInput,
        });
        this.result = result;
    }
}

;// CONCATENATED MODULE: ./src/inputs/size.ts
const UNITS = {
    '': 1,
    b: 1,
    k: 1024,
    kib: 1024,
    kb: 1000,
    m: 1024 ** 2,
    mib: 1024 ** 2,
    mb: 1000 ** 2,
    g: 1024 ** 3,
    gib: 1024 ** 3,
    gb: 1000 ** 3,
};
/** Parses `67108864`, `64MiB`, `64 MB`, `1g` into bytes; undefined when it is not a size. */
function parseByteSize(text) {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
    const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
    if (!match || unit === undefined)
        return undefined;
    const bytes = Math.round(Number(match[1]) * unit);
    return Number.isSafeInteger(bytes) ? bytes : undefined;
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let index = 0;
    while (value >= 1024 && index < units.length - 1) {
        value /= 1024;
        index += 1;
    }
    return `${value.toFixed(value < 10 ? 1 : 0)} ${units[index]}`;
}

;// CONCATENATED MODULE: ./src/report/progress.ts

/**
 * Counts the uploads: every one reaches a live display (the CLI's status line); a log without
 * one (the action's) gets "files and bytes done of total" at most every `intervalMs`.
 */
class Progress {
    logger;
    totalFiles;
    totalBytes;
    intervalMs;
    now;
    files = 0;
    bytes = 0;
    lastReport;
    constructor(logger, totalFiles, totalBytes, intervalMs = 5_000, now = Date.now) {
        this.logger = logger;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.intervalMs = intervalMs;
        this.now = now;
        this.lastReport = now();
    }
    get filesDone() {
        return this.files;
    }
    /** The uploads begin: a live display shows 0 of the total at once. */
    start() {
        this.show();
    }
    done(bytes) {
        this.files += 1;
        this.bytes += bytes;
        if (this.logger.progress) {
            this.show();
            return;
        }
        if (this.now() - this.lastReport >= this.intervalMs && this.files < this.totalFiles) {
            this.lastReport = this.now();
            this.logger.info(`Progress: ${this.files}/${this.totalFiles} files, ${formatBytes(this.bytes)} of ${formatBytes(this.totalBytes)}.`);
        }
    }
    show() {
        this.logger.progress?.({
            phase: 'uploading',
            done: this.files,
            total: this.totalFiles,
            bytes: this.bytes,
            totalBytes: this.totalBytes,
        });
    }
}

;// CONCATENATED MODULE: ./src/report/unrecorded.ts


/**
 * Every site write succeeded (a deploy's or a rollback's); only the state's last write failed. Says what that leaves and
 * that the next deploy repairs it.
 */
function unrecordedWarning(settings, error, done, invalidated) {
    const { bucket, prefix } = settings;
    const work = [
        `${done.uploaded} uploaded`,
        ...(done.headersUpdated > 0 ? [`${done.headersUpdated} headers updated`] : []),
        ...(done.deleted > 0 ? [`${done.deleted} deleted`] : []),
    ].join(', ');
    return (`The site is deployed (${work}${invalidated ? ', invalidation sent' : ''}), but the last write of its state, s3://${bucket}/${prefix}${STATE_FILE_NAME}, failed: ${errorMessage(error)}. ` +
        "That object still holds this deploy's lock and the keys it recorded before writing. The next deploy (or a re-run) takes the lock over once it is 60 s old (a re-run at once), invalidates the recorded keys again and records the state: nothing needs doing by hand.");
}

;// CONCATENATED MODULE: ./src/deploy.ts












/**
 * The whole deploy: survey both sides and plan; then, only when there is something to write,
 * under the deploy lock: record the intent, write assets, then pages, delete, invalidate, and
 * record that it is done.
 */
async function deploy(context) {
    const { settings, logger } = context;
    const started = context.now();
    let found = await survey(context);
    let plan = await logger.group('Planning', () => planDeploy(context, found));
    // A wrong distribution is bad input: refuse it before anything is written.
    let targets = await targetsFor(context, plan, undefined);
    let invalidations = [];
    const resultOf = (extra = {}) => ({
        ...summaryOf(context, plan, started),
        invalidations,
        ...extra,
    });
    if (settings.dryRun) {
        logger.info('Dry run: nothing was written.');
        const keys = invalidationTargetsOf(settings, plan);
        invalidations = plannedInvalidations(settings, targets ?? [], keys.fullKeys, keys.carriedOver);
        return resultOf();
    }
    if (!hasWork(context, { found, plan }))
        return resultOf();
    let held;
    // Every site write and the record's end check the lock; the record's start goes beside it.
    const locked = { ...context, beforeWrite: () => held?.assertHeld() };
    const taken = await lockForPlan(context, { found, plan, targets }, (attempt, deployId) => {
        const started = recorderOf(locked, deployId, attempt.found, attempt.plan);
        return (started && { recorder: started, written: started.start(), withdraw: () => started.withdraw() });
    });
    ({ found, plan, targets } = taken);
    const { lock, deployId } = taken;
    // The bucket was deployed meanwhile by a deploy of the same build: nothing left to do.
    if (lock === undefined)
        return resultOf();
    held = lock;
    const done = { uploaded: 0, headersUpdated: 0, deleted: 0, invalidated: false };
    let recorder = taken.beside?.recorder;
    try {
        // The record says "started" before the first site write, so a kill leaves a true history.
        await taken.beside?.written;
        await writeChanges(locked, plan.sync, done, recorder);
        const deletion = await deleteRemoved(locked, plan.sync, done);
        if (!deletion.failed)
            recorder?.removed(plan.sync.deletes.map((object) => object.key));
        // The record is finished while CloudFront is asked to invalidate: it holds the site's
        // writes, all done by now, and nothing of the invalidation. Both end before the lock is
        // released with the state: a kill before that leaves a true history, and a lock and intent
        // the next deploy takes over, invalidating the intent's keys again.
        const finishing = recorder?.finish(deletion.failed ? 'failed' : 'complete').then((etags) => ({ etags }), (error) => ({ error }));
        recorder = undefined;
        let invalidation;
        try {
            // Even when a deletion failed, the new files are live: their cached copies must go.
            invalidation = await invalidate(locked, settings, plan, targets ?? []);
        }
        finally {
            await finishing;
        }
        const recorded = await finishing;
        const unfinished = recorded && 'error' in recorded ? recorded.error : undefined;
        invalidations = invalidation.outcomes;
        done.invalidated = invalidation.accepted;
        const recordedEtags = recordedEtagsOf(recorded, found.state);
        // The recorded keys stay until every distribution has accepted them.
        const finished = {
            ...stateFor(settings),
            pendingInvalidation: invalidation.accepted ? [] : plan.invalidationKeys,
            deployId,
            ...(recordedEtags !== undefined ? { recordedEtags } : {}),
        };
        // Every site write is done: a record that could not be finished is not a failed deploy.
        if (unfinished !== undefined)
            logger.warning(unfinishedRecordWarning(deployId, unfinished));
        const unrecorded = await lock.release(finished);
        if (deletion.failed)
            throw deletionFailed(deletion.error, invalidations, invalidation.failure);
        if (invalidation.failure)
            throw invalidation.failure;
        if (unrecorded === undefined)
            return resultOf({ deployId });
        const warning = unrecordedWarning(settings, unrecorded, done, invalidations.length > 0);
        logger.warning(warning);
        return resultOf({ unrecorded: warning, deployId });
    }
    catch (error) {
        // What was written so far is recorded; if even that fails, "started" stays, which is true.
        await recorder?.finish('failed').catch(() => { });
        throw new DeployFailure(resultOf({ failure: { message: errorMessage(error), ...done }, deployId }), error);
    }
    finally {
        await lock.release(undefined);
    }
}
/** The record of a deploy that changes keys; undefined when it changes none or keeps no records. */
function recorderOf(context, deployId, found, plan) {
    if (context.settings.keepDeploys === 0 || plan.changedKeys.length === 0)
        return undefined;
    return new DeployRecorder(context, deployId, found.recordIds, plannedChanges(plan.sync, found.remote), carriedEtags(plan.sync), { kind: 'deploy', headerRules: stateFor(context.settings).headerRules });
}
/**
 * How many ETags that are no MD5 the newest record lists, for the state: this deploy's, or the
 * last one's when this deploy wrote no record. Unknown (the next deploy reads the record) when
 * this deploy's record could not be finished, since the newest complete one is then older.
 */
function recordedEtagsOf(recorded, previous) {
    if (recorded === undefined)
        return previous?.recordedEtags;
    return 'etags' in recorded ? recorded.etags : undefined;
}
function unfinishedRecordWarning(deployId, error) {
    return `The site is deployed, but the last write of its record (deploy ${deployId}) failed: ${errorMessage(error)}. History shows this deploy as incomplete, which names every key it changed: a rollback to it is refused, one to an earlier deploy works.`;
}
function deletionFailed(error, invalidations, invalidationFailure) {
    const ids = invalidations.flatMap((outcome) => outcome.ids);
    const sent = ids.length > 0 ? `invalidation ${ids.join(', ')} was sent` : 'nothing was invalidated';
    const also = invalidationFailure ? `\n${invalidationFailure.message}` : '';
    return new DeployError(`${errorMessage(error)}\nEvery upload finished and ${sent}, but some removed objects are still in the bucket. Fix the cause and re-run to delete them.${also}`, { cause: error });
}
function summaryOf(context, plan, started) {
    const { prefix } = context.settings;
    return {
        plan: plan.sync,
        dryRun: context.settings.dryRun,
        bytesUploaded: uploadBytes(plan.sync),
        changedPaths: plan.changedKeys.map((key) => `/${prefix}${key}`).sort(),
        durationMs: context.now() - started,
    };
}
/**
 * Every asset (uploads and header rewrites, multipart included) completes before the first page
 * is written, so a page never goes live before what it links; a failure stops the deploy before
 * any deletion.
 */
async function writeChanges(context, plan, done, recorder) {
    const { logger } = context;
    const progress = new Progress(logger, plan.uploads.length, uploadBytes(plan));
    if (plan.uploads.length > 0)
        progress.start();
    const countUpload = (upload, written) => {
        done.uploaded = progress.filesDone;
        recorder?.wrote(upload.file.key, written, upload.file);
    };
    const countRewrite = (update, written, acl) => recorder?.wrote(update.file.key, written, update.file, acl);
    try {
        for (const pages of [false, true]) {
            const uploads = plan.uploads.filter((upload) => isPage(upload.file.key) === pages);
            // Pages wait for the last asset: the largest start first, so the last to finish is small.
            if (!pages)
                uploads.sort((a, b) => b.file.size - a.file.size);
            const updates = plan.headerUpdates.filter((update) => isPage(update.file.key) === pages);
            const what = pages ? 'pages' : 'files';
            if (uploads.length > 0) {
                await logger.group(`Uploading ${uploads.length} ${what}`, () => uploadAll(context, uploads, progress, countUpload));
            }
            if (updates.length > 0) {
                await logger.group(`Updating headers of ${updates.length} ${what}`, () => updateAllHeaders(context, updates, undefined, countRewrite));
                done.headersUpdated += updates.length;
            }
        }
    }
    catch (error) {
        throw new DeployError(`${errorMessage(error)}\nThe deploy stopped: ${progress.filesDone} of ${plan.uploads.length} uploads had finished; nothing was deleted and nothing was invalidated. Fix the cause and re-run: files already uploaded will be skipped, and every changed path will be invalidated.`, { cause: error });
    }
}
/** Deletions come last, after every write succeeded; a failure is returned, not thrown. */
async function deleteRemoved(context, plan, done) {
    if (plan.deletes.length === 0)
        return { failed: false };
    try {
        await context.logger.group(`Deleting ${plan.deletes.length} objects`, () => deleteAll(context, plan.deletes));
        done.deleted = plan.deletes.length;
        return { failed: false };
    }
    catch (error) {
        return { failed: true, error };
    }
}
/** Every distribution's invalidation; a failure is returned, with whether all were accepted. */
async function invalidate(context, settings, plan, targets) {
    if (targets.length === 0)
        return { outcomes: [], accepted: true, failure: undefined };
    const { fullKeys, carriedOver } = invalidationTargetsOf(settings, plan);
    const { outcomes, failure } = await context.logger.group('Invalidating', () => invalidateAll(context, targets, fullKeys, carriedOver));
    return { outcomes, accepted: outcomes.every((outcome) => outcome.accepted), failure };
}

;// CONCATENATED MODULE: ./src/inputs/input-values.ts
// Parsing one input's text into its value, with an error naming the input and the value.
// settings.ts puts them together into the one Settings object.




const CANNED_ACLS = [
    'private',
    'public-read',
    'public-read-write',
    'authenticated-read',
    'aws-exec-read',
    'bucket-owner-read',
    'bucket-owner-full-control',
];
/** An input that must be given. */
function requireText(name, value) {
    if (value === '')
        throw new DeployError(`Input "${name}" is required and was not given.`, { badInput: true });
    return value;
}
/** YAML 1.2 core booleans, as the runner's getBooleanInput accepts them. */
function parseBoolean(name, value) {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw inputError(name, value, 'expected true or false');
}
function parseInteger(name, value, min, max) {
    const number = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) {
        throw inputError(name, value, `expected a whole number from ${min} to ${max}`);
    }
    return number;
}
// Bucket naming rules for general purpose buckets (3-63 chars, lowercase, no IP form).
const input_values_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
function parseBucket(value) {
    requireText('bucket', value);
    const url = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
    if (url) {
        const hint = url[2] ? ` and prefix "${url[2]}"` : '';
        throw inputError('bucket', value, `give the bucket name alone: bucket "${url[1]}"${hint}`);
    }
    if (!input_values_BUCKET_NAME.test(value) || value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
        throw inputError('bucket', value, 'a bucket name is 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit');
    }
    return value;
}
function parsePrefix(value) {
    if (value === '')
        return '';
    if (value.startsWith('/')) {
        throw inputError('prefix', value, `write it without the leading "/" (e.g. "${value.replace(/^\/+/, '')}")`);
    }
    const segments = value.replace(/\/$/, '').split('/');
    if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
        throw inputError('prefix', value, 'expected a folder such as "blog" or "blog/2024" (no empty, "." or ".." parts)');
    }
    return `${segments.join('/')}/`;
}
const AUTO_DISTRIBUTION = 'auto';
/** IDs separated by commas or newlines, or `auto` alone. */
function parseDistributions(value) {
    const entries = value
        .split(/[,\n]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
    if (entries.includes(AUTO_DISTRIBUTION)) {
        if (entries.length > 1) {
            throw inputError('distribution', value, 'expected either "auto" alone or distribution IDs, not both');
        }
        return { distributions: [], autoDistribution: true };
    }
    for (const entry of entries) {
        if (!/^[A-Z0-9]{6,32}$/.test(entry)) {
            throw inputError('distribution', entry, 'expected CloudFront distribution IDs such as E2QWRUHAPOMQZL (not a domain name or ARN), separated by commas or newlines, or "auto"');
        }
    }
    return { distributions: [...new Set(entries)], autoDistribution: false };
}
function parseAcl(value) {
    if (value === '')
        return undefined;
    const acl = CANNED_ACLS.find((candidate) => candidate === value);
    if (!acl)
        throw inputError('acl', value, `expected one of ${CANNED_ACLS.join(', ')}, or empty for none`);
    return acl;
}
function parseRegion(value) {
    if (!/^[a-z0-9-]{2,32}$/.test(value))
        throw inputError('region', value, 'expected a region such as us-east-1');
    return value;
}
function parseEndpoint(value) {
    if (value === '')
        return undefined;
    try {
        const url = new URL(value);
        if (url.protocol === 'http:' || url.protocol === 'https:')
            return value;
    }
    catch { }
    throw inputError('endpoint', value, 'expected an http(s) URL such as https://ACCOUNT.r2.cloudflarestorage.com');
}
/** A bare host name (a URL's host is taken from it): `media.example.com`. */
function parseOriginDomain(value) {
    const text = value.trim();
    if (text === '')
        return undefined;
    let host = text;
    try {
        if (/^https?:\/\//i.test(text))
            host = new URL(text).hostname;
    }
    catch { }
    host = host.toLowerCase().replace(/\.$/, '');
    if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host))
        return host;
    throw inputError('origin-domain', value, 'expected the domain name of a CloudFront origin, such as media.example.com');
}
function parseGlobs(name, value) {
    const globs = nonEmptyLines(value);
    for (const glob of globs) {
        try {
            excludeRule(glob);
        }
        catch (error) {
            throw new DeployError(`Input "${name}" is invalid: ${JSON.stringify(glob)} is not a glob.`, {
                badInput: true,
                cause: error,
            });
        }
    }
    return globs;
}
// S3 multipart uploads need parts of at least 5 MiB; 5 GiB is the single-PUT maximum.
const MIN_PART = 5 * 1024 ** 2;
const MAX_SINGLE_PUT = 5 * 1024 ** 3;
function parseMultipartThreshold(value) {
    const bytes = parseByteSize(value);
    if (bytes === undefined || bytes < MIN_PART || bytes > MAX_SINGLE_PUT) {
        throw inputError('multipart-threshold', value, 'expected a size from 5MiB to 5GiB, such as 64MiB');
    }
    return bytes;
}
function parseInvalidate(value) {
    let mode;
    const paths = [];
    for (const line of nonEmptyLines(value)) {
        if (line === 'changed' || line === 'all' || line === 'none') {
            if (mode && mode !== line)
                throw inputError('invalidate', value, 'expected at most one of changed, all, none');
            mode = line;
        }
        else if (line.startsWith('/') && line.length <= 4000 && !line.slice(0, -1).includes('*')) {
            paths.push(line);
        }
        else {
            throw inputError('invalidate', line, 'expected changed, all, none, or paths starting with "/" ("*" only at the end)');
        }
    }
    return { invalidate: mode ?? 'changed', invalidateExtraPaths: paths };
}

;// CONCATENATED MODULE: ./src/inputs/settings.ts



/** Every input's default, exactly as action.yml declares it (a test keeps them equal). */
const INPUT_DEFAULTS = {
    dir: '',
    bucket: '',
    prefix: '',
    distribution: '',
    'delete-removed': 'false',
    acl: '',
    region: '',
    endpoint: '',
    'origin-domain': '',
    concurrency: '16',
    exclude: '.git/**\n.DS_Store',
    'cache-control': '',
    'content-type': '',
    'max-deletes': '1000',
    'multipart-threshold': '64MiB',
    invalidate: 'changed',
    'invalidate-index-forms': 'true',
    'invalidation-max-paths': '50',
    'invalidation-timeout': '600',
    'wait-for-invalidation': 'false',
    'lock-timeout': '600',
    'dry-run': 'false',
    'github-token': '',
    'print-policy': 'false',
    'keep-deploys': '30',
    'rollback-to': '',
    'rollback-force': 'false',
};
/** Parses and validates every input eagerly, before anything touches the network. */
function parseSettings(read, env = process.env) {
    const input = (name) => {
        const raw = read(name).trim();
        return raw === '' ? INPUT_DEFAULTS[name] : raw;
    };
    const printPolicy = parseBoolean('print-policy', input('print-policy'));
    const rollbackTo = parseRollbackTo(input('rollback-to'));
    return {
        // The policy depends only on bucket, prefix and the options, so print-policy needs no dir;
        // a rollback copies recorded versions, so it reads no folder either.
        dir: printPolicy || rollbackTo ? input('dir') : requireText('dir', input('dir')),
        bucket: parseBucket(input('bucket')),
        prefix: parsePrefix(input('prefix')),
        ...parseDistributions(input('distribution')),
        deleteRemoved: parseBoolean('delete-removed', input('delete-removed')),
        acl: parseAcl(input('acl')),
        region: parseRegion(input('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'),
        endpoint: parseEndpoint(input('endpoint')),
        originDomain: parseOriginDomain(input('origin-domain')),
        concurrency: parseInteger('concurrency', input('concurrency'), 1, 256),
        exclude: parseGlobs('exclude', input('exclude')),
        cacheControl: parseHeaderRules('cache-control', input('cache-control')),
        contentType: parseHeaderRules('content-type', input('content-type')),
        maxDeletes: parseInteger('max-deletes', input('max-deletes'), -1, Number.MAX_SAFE_INTEGER),
        multipartThreshold: parseMultipartThreshold(input('multipart-threshold')),
        ...parseInvalidate(input('invalidate')),
        invalidateIndexForms: parseBoolean('invalidate-index-forms', input('invalidate-index-forms')),
        invalidationMaxPaths: parseInteger('invalidation-max-paths', input('invalidation-max-paths'), 1, 3000),
        invalidationTimeoutSeconds: parseInteger('invalidation-timeout', input('invalidation-timeout'), 0, 6 * 3600),
        waitForInvalidation: parseBoolean('wait-for-invalidation', input('wait-for-invalidation')),
        lockTimeoutSeconds: parseInteger('lock-timeout', input('lock-timeout'), 0, 6 * 3600),
        dryRun: parseBoolean('dry-run', input('dry-run')),
        githubToken: input('github-token'),
        printPolicy,
        keepDeploys: parseInteger('keep-deploys', input('keep-deploys'), 0, 1000),
        rollbackTo,
        rollbackForce: parseBoolean('rollback-force', input('rollback-force')),
    };
}
/** '' (deploy), 'previous', or a deploy ID as `history` lists them (20261203-141502-a1b2). */
function parseRollbackTo(value) {
    if (value === '' || value === 'previous' || /^\d{8}-\d{6}-[0-9a-f]{4}$/.test(value))
        return value;
    throw inputError('rollback-to', value, 'expected "previous" or a deploy ID such as 20261203-141502-a1b2 (s3-cf-sync history lists them)');
}

;// CONCATENATED MODULE: ./src/report/outputs.ts

// The runner allows 1 MB of outputs per job (counted in UTF-16), shared with other steps: each
// inline list stays within this many characters, and the whole list goes to `result-file`.
const MAX_INLINE_LIST_CHARS = (/* unused pure expression or super */ null && (64 * 1024));
/** Everything a later step may want, in full, for the file named by the `result-file` output. */
function resultFileValue(result) {
    const { plan } = result;
    return {
        dryRun: result.dryRun,
        deployId: result.deployId ?? '',
        uploaded: plan.uploads.map((upload) => upload.file.key),
        updatedHeaders: plan.headerUpdates.map((update) => update.file.key),
        deleted: plan.deletes.map((object) => object.key),
        changedPaths: result.changedPaths,
        invalidations: result.invalidations.map((outcome) => ({
            distribution: outcome.distribution,
            ids: outcome.ids,
            paths: outcome.paths,
        })),
    };
}
/** How the result file is written: two spaces, each list one item at a time. */
const RESULT_FILE_JSON = { space: 2, depth: 2 };
/** The result file's text (the CLI prints it); the action writes it with writeJsonFile. */
function resultFileJson(result) {
    return `${JSON.stringify(resultFileValue(result), null, RESULT_FILE_JSON.space)}\n`;
}
/** The step outputs, as strings, together far below the runner's 1 MB whatever the deploy. */
function outputsOf(result, resultFile = '') {
    const { plan, invalidations } = result;
    const sentPaths = [...new Set(invalidations.flatMap((outcome) => outcome.paths))].sort();
    const changed = inlineList(result.changedPaths);
    const sent = inlineList(sentPaths);
    return {
        'changed-paths': changed.json,
        'invalidation-id': invalidations.flatMap((outcome) => outcome.ids)[0] ?? '',
        'invalidation-paths': sent.json,
        'lists-truncated': String(changed.cut || sent.cut),
        'result-file': resultFile,
        // Path counts, not lists: the outputs of a job share 1 MB.
        invalidations: JSON.stringify(invalidations.map((outcome) => ({
            distribution: outcome.distribution,
            ids: outcome.ids,
            paths: outcome.paths.length,
        }))),
        uploaded: String(plan.uploads.length),
        'updated-headers': String(plan.headerUpdates.length),
        deleted: String(plan.deletes.length),
        unchanged: String(unchangedCount(plan)),
        'deploy-id': result.deployId ?? '',
    };
}
/** A JSON array of as many leading items as fit in MAX_INLINE_LIST_CHARS. */
function inlineList(items) {
    // Counted item by item: the whole list of a 100,000-file deploy would be 4 MB of text.
    let length = 2; // the brackets
    for (let kept = 0; kept < items.length; kept++) {
        const next = JSON.stringify(items[kept]).length + (kept > 0 ? 1 : 0);
        if (length + next > MAX_INLINE_LIST_CHARS)
            return { json: JSON.stringify(items.slice(0, kept)), cut: true };
        length += next;
    }
    return { json: JSON.stringify(items), cut: false };
}

;// CONCATENATED MODULE: ./src/report/text.ts


/**
 * 4021 -> "4,021", the same on every machine whatever its locale. Not `toLocaleString`: its
 * first call loads ICU's locale data, 11 ms of every run's start-up (Node 24, measured).
 */
const count = (n) => Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en-US');
const plural = (n, word) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
/**
 * One line for a person: "12 uploaded, 3 deleted, 4,021 unchanged, 1 invalidation"; a dry run
 * says what it would do: "12 to upload, 3 to delete, 4,021 unchanged, 7 paths to invalidate".
 */
function headline(result) {
    const { plan, invalidations, dryRun } = result;
    // A rollback uploads nothing: it copies recorded versions back.
    const [upload, uploaded] = result.rollbackTo
        ? ['to restore', 'restored']
        : ['to upload', 'uploaded'];
    const parts = [`${count(plan.uploads.length)} ${dryRun ? upload : uploaded}`];
    if (plan.headerUpdates.length > 0)
        parts.push(`${count(plan.headerUpdates.length)} ${dryRun ? 'headers to update' : 'headers updated'}`);
    parts.push(`${count(plan.deletes.length)} ${dryRun ? 'to delete' : 'deleted'}`, `${count(plan_unchangedCount(plan))} unchanged`);
    const paths = invalidations.reduce((sum, outcome) => sum + outcome.paths.length, 0);
    const ids = invalidations.reduce((sum, outcome) => sum + outcome.ids.length, 0);
    if (paths > 0)
        parts.push(dryRun ? `${plural(paths, 'path')} to invalidate` : plural(ids, 'invalidation'));
    return parts.join(', ');
}
/**
 * "Deploy ID 20261203-141502-a1b2 (rollback-to: 20261203-141502-a1b2 brings this state back)."
 * and, for a rollback, the deploy it went back to; '' when there is neither.
 */
function recordSentence(result, code) {
    const parts = [];
    if (result.rollbackTo)
        parts.push(`${result.dryRun ? 'Rollback planned' : 'Rolled back'} to the state right after deploy ${code(result.rollbackTo)}.`);
    if (result.deployId)
        parts.push(`Deploy ID ${code(result.deployId)} (rollback-to: ${code(result.deployId)} brings this state back).`);
    return parts.join(' ');
}
/** "3 paths carried over from an earlier unfinished deploy." */
function carriedOverSentence(paths) {
    return `${plural(paths, 'path')} carried over from an earlier unfinished deploy.`;
}
function isUpToDate(result) {
    const { plan } = result;
    return plan.uploads.length + plan.headerUpdates.length + plan.deletes.length === 0;
}
/** Every change, grouped new / updated / headers / deleted, in plan order; groups may be empty. */
function changeGroups(plan, prefix) {
    const path = (key) => `/${prefix}${key}`;
    const uploads = (reason) => plan.uploads
        .filter((upload) => upload.reason === reason)
        .map(({ file }) => ({
        path: path(file.key),
    }));
    return [
        { kind: 'new', title: 'New', changes: uploads('new') },
        { kind: 'updated', title: 'Updated', changes: uploads('changed') },
        {
            kind: 'headers',
            title: 'Headers updated',
            changes: plan.headerUpdates.map((update) => ({
                path: path(update.file.key),
                note: update.differences.join(', '),
            })),
        },
        {
            kind: 'deleted',
            title: 'Deleted',
            changes: plan.deletes.map((object) => ({ path: path(object.key) })),
        },
    ];
}
/** 850 ms -> "0.9 s", 125 s -> "2 min 5 s", 2 h -> "2 h 0 min". */
function formatDuration(ms) {
    const seconds = ms / 1000;
    if (seconds < 60)
        return `${seconds.toFixed(1)} s`;
    const whole = Math.round(seconds);
    if (whole < 3600)
        return `${Math.floor(whole / 60)} min ${whole % 60} s`;
    return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}
function consoleUrl(distribution, invalidationId) {
    return `https://us-east-1.console.aws.amazon.com/cloudfront/v4/home#/distributions/${distribution}/invalidations/details/${invalidationId}`;
}

/** Text safe inside HTML, and inside a Markdown paragraph or table cell (no emphasis, no `|`). */
function escapeHtml(text) {
    return showControlCharacters(text).replace(/[&<>"'`*_|[\]\\~]/g, (c) => `&#${c.charCodeAt(0)};`);
}

;// CONCATENATED MODULE: ./src/report/terminal-summary.ts



const MAX_CHANGES_LISTED = 20;
const MAX_INVALIDATION_PATHS_LISTED = 10;
const KIND_WIDTH = 'updated'.length;
/** The summary for a terminal: what happened, the invalidation, then the first changes. */
function terminalSummary(result, settings) {
    const target = `s3://${settings.bucket}/${settings.prefix}`;
    const took = formatDuration(result.durationMs);
    const lines = result.dryRun
        ? [`Dry run, nothing written: the plan for ${target} (${took}).`]
        : [`Deployed to ${target} in ${took}.`];
    if (isUpToDate(result))
        lines.push(`Up to date: all ${plural(plan_unchangedCount(result.plan), 'file')} unchanged.`);
    else
        lines.push(`${headline(result)}.`);
    const record = recordSentence(result, (text) => text);
    if (record)
        lines.push(record);
    if (result.bytesUploaded > 0)
        lines.push(`${result.dryRun ? 'To upload' : 'Uploaded'}: ${formatBytes(result.bytesUploaded)}.`);
    lines.push(...invalidationLines(result), ...changeLines(result, settings));
    return lines.map(control_characters_showControlCharacters).join('\n');
}
function invalidationLines(result) {
    return result.invalidations.flatMap((invalidation) => {
        if (invalidation.paths.length === 0)
            return [];
        const paths = plural(invalidation.paths.length, 'path');
        const covered = invalidation.collapsed
            ? ` (wildcards covering ${plural(invalidation.exactPathCount, 'changed URL')})`
            : '';
        const done = invalidation.waitedSeconds === undefined
            ? ''
            : `, completed after ${invalidation.waitedSeconds} s`;
        const sentence = result.dryRun
            ? `CloudFront ${invalidation.distribution}: would invalidate ${paths}${covered}:`
            : `CloudFront ${invalidation.distribution}: invalidation ${invalidation.ids.join(', ')} for ${paths}${covered}${done}:`;
        const carried = invalidation.carriedOverPaths > 0
            ? [`  ${carriedOverSentence(invalidation.carriedOverPaths)}`]
            : [];
        return [sentence, ...carried, ...capped(invalidation.paths, MAX_INVALIDATION_PATHS_LISTED)];
    });
}
function changeLines(result, settings) {
    const changes = changeGroups(result.plan, settings.prefix).flatMap(({ kind, changes }) => changes.map(({ path, note }) => `${kind.padEnd(KIND_WIDTH)}  ${path}${note ? ` (${note})` : ''}`));
    if (changes.length === 0)
        return [];
    return [
        `${result.dryRun ? 'Changes to make' : 'Changes'}:`,
        ...capped(changes, MAX_CHANGES_LISTED),
    ];
}
function capped(lines, max) {
    const shown = lines.slice(0, max).map((line) => `  ${line}`);
    if (lines.length > max)
        shown.push(`  and ${count(lines.length - max)} more`);
    return shown;
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
;// CONCATENATED MODULE: ./src/cli/args.ts



const BOOLEAN_INPUTS = new Set([
    'delete-removed',
    'invalidate-index-forms',
    'wait-for-invalidation',
    'dry-run',
    'print-policy',
]);
// A terminal has no pull request to comment on, and rolls back with its own command (`rollback`).
const ACTION_ONLY_INPUTS = new Set(['github-token', 'rollback-to', 'rollback-force']);
const MULTILINE_INPUTS = new Set([
    'exclude',
    'cache-control',
    'content-type',
    'invalidate',
]);
/** The options of the command line itself, shared by every command (a subcommand adds its own). */
const OUTPUT_OPTIONS = {
    verbose: { type: 'boolean' },
    quiet: { type: 'boolean' },
    json: { type: 'boolean' },
    version: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
const HELP_HINT = 's3-cf-sync --help lists the options.';
/** The deploy's command line: DIR, s3://BUCKET[/PREFIX], the action's inputs as options. */
function parseCommandLine(argv) {
    const options = Object.fromEntries(cliInputNames().map((name) => [
        name,
        { type: 'string', multiple: MULTILINE_INPUTS.has(name) },
    ]));
    const parsed = parseOrExplain(normalised(argv), { ...options, ...OUTPUT_OPTIONS });
    const { verbose, quiet, json, version, help, ...values } = parsed.values;
    if (help)
        return { kind: 'help' };
    if (version)
        return { kind: 'version' };
    const output = outputOptionsOf({ verbose, quiet, json });
    const inputs = {};
    for (const [name, value] of Object.entries(values)) {
        inputs[name] = Array.isArray(value) ? value.join('\n') : String(value);
    }
    Object.assign(inputs, positionalInputs(parsed.positionals));
    return { kind: 'deploy', inputs, output };
}
/** --quiet and --verbose contradict each other: bad arguments, said before anything runs. */
function outputOptionsOf(values) {
    if (values.quiet && values.verbose)
        throw new DeployError(`--quiet and --verbose cannot be given together. ${HELP_HINT}`, {
            badInput: true,
        });
    return {
        verbose: Boolean(values.verbose),
        quiet: Boolean(values.quiet),
        json: Boolean(values.json),
    };
}
/** Node's parseArgs, its errors said for people and flagged as bad arguments (exit 2). */
function parseOrExplain(args, options) {
    try {
        return (0,external_node_util_.parseArgs)({ args: [...args], options, allowPositionals: true, strict: true });
    }
    catch (error) {
        const known = Object.keys(options ?? {});
        throw new DeployError(explained(error, known), {
            badInput: true,
        });
    }
}
/** `s3://BUCKET` or `s3://BUCKET/PREFIX` as the bucket and prefix inputs. */
function parseTarget(target) {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(target);
    if (!match?.[1])
        throw new DeployError(`The target must look like s3://BUCKET or s3://BUCKET/PREFIX; got ${JSON.stringify(target)}.`, { badInput: true });
    return match[2] ? { bucket: match[1], prefix: match[2] } : { bucket: match[1] };
}
function cliInputNames() {
    return Object.keys(INPUT_DEFAULTS).filter((name) => !ACTION_ONLY_INPUTS.has(name));
}
/** `--delete-removed` as `--delete-removed=true`; `--max-deletes -1` as `--max-deletes=-1`. */
function normalised(argv) {
    const result = [];
    for (let index = 0; index < argv.length; index++) {
        const arg = argv[index];
        const name = arg.slice(2);
        const next = argv[index + 1];
        if (arg.startsWith('--') && BOOLEAN_INPUTS.has(name))
            result.push(`${arg}=true`);
        // parseArgs takes `-1` for an option: join `--max-deletes -1` into `--max-deletes=-1`.
        else if (arg.startsWith('--') && name in INPUT_DEFAULTS && next && /^-\d/.test(next)) {
            result.push(`${arg}=${next}`);
            index += 1;
        }
        else
            result.push(arg);
    }
    return result;
}
function positionalInputs(positionals) {
    // `s3-cf-sync --print-policy s3://BUCKET` needs no DIR.
    const [dir, target, ...extra] = positionals.length === 1 && positionals[0]?.startsWith('s3://')
        ? ['', ...positionals]
        : positionals;
    if (extra.length > 0)
        throw new DeployError(`Unexpected argument ${JSON.stringify(extra[0])}: give DIR and s3://BUCKET[/PREFIX] once. ${HELP_HINT}`, { badInput: true });
    return {
        ...(dir ? { dir } : {}),
        ...(target === undefined ? {} : parseTarget(target)),
    };
}
/** Node's wording ("To specify a positional argument starting with a '-' ...") made short. */
function explained(error, known) {
    const option = /'([^']+)'/.exec(error.message)?.[1] ?? '';
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
        const name = option.replace(/^-+/, '').split('=')[0] ?? '';
        const close = known.filter((candidate) => name !== '' && candidate.startsWith(name));
        const guess = close.length === 1 ? ` Did you mean --${close[0]}?` : '';
        return `Unknown option ${JSON.stringify(option)}.${guess} ${HELP_HINT}`;
    }
    if (/argument missing/.test(error.message))
        return `The option ${JSON.stringify(option.split(' ')[0])} needs a value. ${HELP_HINT}`;
    return `${error.message} ${HELP_HINT}`;
}

;// CONCATENATED MODULE: ./src/cli/help.ts

// One entry per input (the type makes a new input fail to compile until it has its line here).
const OPTIONS = {
    dir: { value: 'DIR', text: 'the folder to publish (or the first argument)' },
    bucket: { value: 'NAME', text: 'the bucket (or the s3://BUCKET argument)' },
    prefix: {
        value: 'PATH',
        text: 'folder inside the bucket (or s3://BUCKET/PATH)',
        default: 'the whole bucket',
    },
    distribution: {
        value: 'IDS',
        text: 'CloudFront distribution ID(s) to invalidate, commas between, or auto for every one whose origin is the bucket',
        default: 'none, no invalidation',
    },
    'delete-removed': { text: 'delete objects no longer in DIR, after every upload succeeded' },
    acl: { value: 'ACL', text: 'canned ACL for uploads, e.g. public-read', default: 'no ACL header' },
    region: {
        value: 'REGION',
        text: "the bucket's region",
        default: 'AWS_REGION or AWS_DEFAULT_REGION, else us-east-1',
    },
    endpoint: {
        value: 'URL',
        text: 'an S3-compatible service (R2, MinIO, ...), path-style',
        default: 'AWS, or AWS_ENDPOINT_URL_S3',
    },
    'origin-domain': {
        value: 'HOST',
        text: 'with --endpoint, the CloudFront origin domain that serves the bucket (a custom origin)',
        default: "the endpoint's host name",
    },
    concurrency: { value: 'N', text: 'files hashed, uploaded or deleted at once (1-256)' },
    exclude: {
        value: 'GLOB',
        text: 'files and folders neither uploaded nor deleted',
        repeatable: true,
    },
    'cache-control': { value: '"GLOB: VALUE"', text: 'a Cache-Control rule', repeatable: true },
    'content-type': { value: '"GLOB: VALUE"', text: 'a Content-Type override', repeatable: true },
    'max-deletes': {
        value: 'N',
        text: 'fail before writing when more would be deleted (-1: no cap)',
    },
    'multipart-threshold': { value: 'SIZE', text: 'files this large are uploaded in parts' },
    invalidate: {
        value: 'WHAT',
        text: 'changed, all or none; a /path is always added',
        repeatable: true,
    },
    'invalidate-index-forms': { text: 'also invalidate /dir/ for dir/index.html' },
    'invalidation-max-paths': { value: 'N', text: 'more paths are collapsed into wildcards' },
    'invalidation-timeout': {
        value: 'SECONDS',
        text: 'retry a throttled invalidation (and wait) this long',
    },
    'wait-for-invalidation': { text: 'wait until CloudFront completed the invalidation' },
    'lock-timeout': {
        value: 'SECONDS',
        text: 'wait this long for another deploy of the same bucket and prefix to finish',
    },
    'keep-deploys': {
        value: 'N',
        text: 'deploy records kept for history and rollback (0: none); older ones are pruned',
    },
    'dry-run': { text: 'list, diff and plan, write nothing' },
    'print-policy': { text: 'print the minimal IAM policy for these options and exit' },
};
// Options of the command line itself, not inputs of the action.
const help_OUTPUT_OPTIONS = [
    ['--verbose', 'one line per file uploaded, updated, deleted or excluded (default: off)'],
    ['--quiet', 'only warnings, errors and the summary at the end (default: off)'],
    ['--json', "the result (the action's result-file) alone on stdout; the rest on stderr"],
    ['--version', 'print the version and exit'],
    ['-h, --help', 'print this help and exit'],
];
const WIDTH = 88;
const NAME_COLUMN = 34;
/** An option's default, as action.yml declares it (or what an empty one means). */
function defaultText(name) {
    const value = INPUT_DEFAULTS[name];
    return OPTIONS[name].default ?? (value === '' ? 'none' : value.split('\n').join(', '));
}
/** `--help`: every option with its default, and an example per use. */
function usage() {
    const options = Object.keys(OPTIONS).map((name) => {
        const { value, text, repeatable } = OPTIONS[name];
        const more = repeatable ? '; repeatable' : '';
        return optionLine(`--${name}${value ? ` ${value}` : ''}`, `${text} (default: ${defaultText(name)}${more})`);
    });
    return [
        'Usage: s3-cf-sync DIR s3://BUCKET[/PREFIX] [options]',
        '       s3-cf-sync --print-policy s3://BUCKET[/PREFIX] [options]',
        '',
        'Publishes DIR to S3 by content (MD5 against the ETag), deletes what was removed',
        'last, and invalidates exactly the changed paths on CloudFront. The options are',
        "the action's inputs, with the same names and defaults.",
        '',
        'Options:',
        ...options,
        '',
        'Output:',
        ...help_OUTPUT_OPTIONS.map(([name, text]) => optionLine(name, text)),
        '',
        'Examples:',
        '  In a Makefile (Pelican\'s "make s3_upload"):',
        '    s3_upload: publish',
        '    \ts3-cf-sync $(OUTPUTDIR)/ s3://$(S3_BUCKET) --distribution $(CLOUDFRONT_DISTRIBUTION) --delete-removed',
        '  A dry run: the plan, nothing written:',
        '    s3-cf-sync output s3://my-site --distribution E2QWRUHAPOMQZL --delete-removed --dry-run',
        '  Several distributions (apex and www), one invalidation each:',
        '    s3-cf-sync output s3://my-site --distribution E2QWRUHAPOMQZL,E1M2XAMPLE3WWW',
        '  Under a prefix, the result for a script:',
        '    s3-cf-sync public s3://my-site/docs --json > deploy.json',
        '',
        'Booleans take --name or --name=false. Credentials come from the standard AWS',
        'chain (environment, AWS_PROFILE, an instance role); they are never printed.',
        'On a terminal one status line shows the progress, elsewhere a plain line every',
        '5 s. NO_COLOR=1 turns colour off.',
        'Exit codes: 0 deployed (or up to date), 1 the deploy failed, 2 bad arguments.',
    ].join('\n');
}
function optionLine(name, text) {
    const lines = [];
    let line = `  ${name}`.padEnd(NAME_COLUMN);
    if (name.length + 2 >= NAME_COLUMN) {
        lines.push(`  ${name}`);
        line = ''.padEnd(NAME_COLUMN);
    }
    for (const word of text.split(' ')) {
        if (line.trim() !== '' && line.length + word.length + 1 > WIDTH && line.length > NAME_COLUMN) {
            lines.push(line.trimEnd());
            line = ''.padEnd(NAME_COLUMN);
        }
        line += line.length === NAME_COLUMN ? word : ` ${word}`;
    }
    lines.push(line.trimEnd());
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/history-text.ts

/** Newest first. */
function historyEntries(records) {
    return [...records]
        .sort((a, b) => (a.id < b.id ? 1 : -1))
        .map((record) => ({
        id: record.id,
        time: record.time,
        kind: record.kind,
        status: record.status === 'started' ? 'incomplete' : record.status,
        commit: record.commit ?? null,
        ref: record.ref ?? null,
        runUrl: record.runUrl ?? null,
        rollbackTo: record.rollbackTo ?? null,
        ...record.counts,
    }));
}
/** A table for a terminal: ID, time, commit, uploaded/updated/deleted, and what it was. */
function historyTable(entries) {
    if (entries.length === 0)
        return 'No deploys recorded.';
    const rows = entries.map((entry) => [
        entry.id,
        entry.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        entry.commit ? entry.commit.slice(0, 7) : '-',
        `${entry.uploaded}/${entry.updated}/${entry.deleted}`,
        [
            entry.kind === 'rollback' ? `rollback to ${entry.rollbackTo}` : '',
            entry.status === 'complete' ? '' : entry.status,
        ]
            .filter(Boolean)
            .join(', '),
    ]);
    const header = ['ID', 'TIME', 'COMMIT', 'UP/UPD/DEL', ''];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
    return [header, ...rows]
        .map((row) => row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd())
        .map(control_characters_showControlCharacters)
        .join('\n');
}

;// CONCATENATED MODULE: ./src/bucket/object-versions.ts


/** GetBucketVersioning's Status: Enabled, Suspended, or '' when it was never turned on. */
async function versioningStatus(context) {
    const { s3, settings } = context;
    const answer = await awsCall(context, 'GetBucketVersioning', undefined, () => s3.call((client, sdk) => client.send(new sdk.GetBucketVersioningCommand({ Bucket: settings.bucket }))));
    return answer.Status ?? '';
}
/**
 * Every version under the prefix, by key (relative to the prefix), newest first: the site's keys
 * in `site`, the action's own objects (state, lock, records) in `own`.
 */
async function listObjectVersions(context) {
    const { s3, settings } = context;
    const site = new Map();
    const own = new Map();
    let keyMarker;
    let versionIdMarker;
    do {
        const page = await awsCall(context, 'ListObjectVersions', undefined, () => s3.call((client, sdk) => client.send(new sdk.ListObjectVersionsCommand({
            Bucket: settings.bucket,
            ...(settings.prefix ? { Prefix: settings.prefix } : {}),
            ...(keyMarker ? { KeyMarker: keyMarker } : {}),
            ...(versionIdMarker ? { VersionIdMarker: versionIdMarker } : {}),
        }))));
        const entries = [
            ...(page.Versions ?? []).map((entry) => ({ entry, deleteMarker: false })),
            ...(page.DeleteMarkers ?? []).map((entry) => ({ entry, deleteMarker: true })),
        ];
        for (const { entry, deleteMarker } of entries) {
            const full = entry.Key ?? '';
            if (!full.startsWith(settings.prefix))
                continue;
            const key = full.slice(settings.prefix.length);
            if (key === '' || key.endsWith('/'))
                continue;
            const into = isOwnObject(key) ? own : site;
            const list = into.get(key) ?? [];
            list.push({
                versionId: entry.VersionId ?? 'null',
                etag: deleteMarker ? undefined : entry.ETag?.replaceAll('"', ''),
                size: entry.Size ?? 0,
                deleteMarker,
                isLatest: entry.IsLatest === true,
                lastModified: entry.LastModified?.getTime() ?? 0,
            });
            into.set(key, list);
        }
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    // Versions and delete markers come in two lists (each newest first): merge each key's, the
    // current one first, then by time; the sort is stable, so a list's own order breaks ties.
    const newestFirst = (a, b) => Number(b.isLatest) - Number(a.isLatest) || b.lastModified - a.lastModified;
    for (const map of [site, own])
        for (const list of map.values())
            list.sort(newestFirst);
    return { site, own };
}

;// CONCATENATED MODULE: ./src/bucket/restore-version.ts




/**
 * Copies an old version over the key, server-side: its bytes, content headers and metadata come
 * along (MetadataDirective COPY); S3 never copies ACLs, so the recorded one is sent with the copy.
 */
async function restoreVersion(context, restore) {
    const { settings } = context;
    const Key = settings.prefix + restore.key;
    const CopySource = `${copySource(settings.bucket, Key)}?versionId=${encodeURIComponent(restore.versionId)}`;
    const acl = restore.acl.canned ? { ACL: restore.acl.canned } : (restore.acl.grants ?? {});
    const copy = async (grants) => {
        if (restore.size > S3_COPY_LIMITS.maxCopyBytes) {
            // A multipart copy takes the new headers from CreateMultipartUpload: not this path's job.
            return copyInParts(context, { Bucket: settings.bucket, Key, ...grants }, { CopySource, CopySourceIfMatch: `"${restore.etag}"` }, restore.size);
        }
        const answer = await awsCall(context, 'CopyObject', Key, () => context.s3.call((client, sdk) => client.send(new sdk.CopyObjectCommand({ Bucket: settings.bucket, Key, CopySource, ...grants }))));
        return writtenVersionOf({ ETag: answer.CopyObjectResult?.ETag, VersionId: answer.VersionId });
    };
    try {
        return await copy(acl);
    }
    catch (error) {
        // An ACL recorded before the bucket's ACLs were disabled no longer applies.
        if (awsErrorName(error) !== 'AccessControlListNotSupported')
            throw error;
        return copy({});
    }
}

;// CONCATENATED MODULE: ./src/plan/rollback-plan.ts
/**
 * What makes the bucket serve exactly what it served right after the target deploy: for every
 * key a later deploy changed, the version the first of them replaced (or no object, for keys
 * they added); the keys changed by anything else since, and the versions that are gone. Pure.
 */
function planRollback(inputs) {
    const { records, targetId, versions } = inputs;
    const at = records.findIndex((record) => record.id === targetId);
    const target = records[at];
    if (target === undefined)
        throw new Error(`no record ${targetId}`);
    const { first, last } = touchesAfter(records.slice(at + 1));
    const restores = [];
    const deletes = [];
    const missing = [];
    const foreign = [];
    const bring = (key, version) => {
        const current = currentOf(versions.get(key));
        if (version === undefined)
            missing.push(key);
        else if (version === 'absent') {
            if (current)
                deletes.push({ key, size: current.size, etag: current.etag ?? '' });
        }
        else if (current?.versionId !== version.versionId) {
            const before = current ? { etag: current.etag ?? '', size: current.size } : null;
            restores.push({ ...restoreOf(key, version, records, inputs.acl), before });
        }
    };
    for (const [key, touch] of first) {
        const list = versions.get(key) ?? [];
        const latest = last.get(key) ?? touch;
        if (changedSince(latest, currentOf(list)))
            foreign.push({ key, now: currentOf(list) });
        bring(key, versionBefore(touch, list, afterVersionIds(key, records.slice(at + 1))));
    }
    for (const [key, list] of versions) {
        if (first.has(key))
            continue;
        const current = list[0];
        if (current === undefined || current.lastModified <= inputs.targetWrittenAt)
            continue;
        foreign.push({ key, now: currentOf(list) });
        if (!inputs.force)
            continue;
        const then = list.find((version) => version.lastModified <= inputs.targetWrittenAt);
        bring(key, then === undefined || then.deleteMarker ? 'absent' : then);
    }
    const byKey = (a, b) => (a.key < b.key ? -1 : 1);
    return {
        target,
        restores: restores.sort(byKey),
        deletes: deletes.sort(byKey),
        missing: missing.sort(),
        foreign: foreign.sort(byKey),
    };
}
/** For every key, the first and the last later record that changed it. */
function touchesAfter(later) {
    const first = new Map();
    const last = new Map();
    for (const record of later) {
        for (const change of record.changes) {
            if (!first.has(change.key))
                first.set(change.key, { record, change });
            last.set(change.key, { record, change });
        }
    }
    return { first, last };
}
function currentOf(list) {
    const latest = list?.[0];
    return latest && !latest.deleteMarker ? latest : undefined;
}
/** Whether the key is not what the last deploy that changed it left (unknown: not claimed). */
function changedSince({ change }, current) {
    if (change.after === undefined)
        return false; // the deploy stopped before it told
    if (change.after === null)
        return current !== undefined;
    if (change.after.versionId === undefined)
        return false;
    return current?.versionId !== change.after.versionId;
}
/** The version IDs later deploys wrote for a key: never the one "before" them. */
function afterVersionIds(key, later) {
    const ids = new Set();
    for (const record of later) {
        for (const change of record.changes) {
            if (change.key === key && change.after?.versionId)
                ids.add(change.after.versionId);
        }
    }
    return ids;
}
/**
 * The version the first later deploy replaced: right below the version it wrote, when that one
 * is known and the ETag is the one it listed; else the newest other version with that ETag.
 */
function versionBefore({ change }, list, laterVersions) {
    const { before } = change;
    if (before === null)
        return 'absent';
    const written = change.after?.versionId;
    const index = written === undefined ? -1 : list.findIndex((v) => v.versionId === written);
    const below = index >= 0 ? list[index + 1] : undefined;
    if (below && !below.deleteMarker && below.etag === before.etag)
        return below;
    return list.find((version) => !version.deleteMarker &&
        version.etag === before.etag &&
        !laterVersions.has(version.versionId));
}
function restoreOf(key, version, records, rollbackAcl) {
    for (let index = records.length - 1; index >= 0; index--) {
        const record = records[index];
        const change = record.changes.find((candidate) => candidate.key === key && candidate.after?.versionId === version.versionId);
        if (change?.after) {
            const acl = change.after.grants
                ? { grants: change.after.grants }
                : record.acl
                    ? { canned: record.acl }
                    : {};
            return { ...base(key, version), md5: change.after.md5, acl };
        }
    }
    const md5 = /^[0-9a-f]{32}$/.test(version.etag ?? '') ? version.etag : undefined;
    return { ...base(key, version), md5, acl: rollbackAcl ? { canned: rollbackAcl } : {} };
}
function base(key, version) {
    return { key, versionId: version.versionId, etag: version.etag ?? '', size: version.size };
}

;// CONCATENATED MODULE: ./src/plan/rollback-refusals.ts

// A refusal names at most this many keys, then how many more.
const KEYS_NAMED = 20;
const where = (settings) => `s3://${settings.bucket}/${settings.prefix}`;
/** The deploy to roll back to: the ID given, or for "previous" the one before the latest. */
function rollbackTarget(settings, ids) {
    const wanted = settings.rollbackTo;
    const there = ids.length
        ? `Recorded deploys: ${ids.slice(-5).reverse().join(', ')}${ids.length > 5 ? ', ...' : ''} (s3-cf-sync history ${where(settings)} lists them).`
        : 'No deploy is recorded there yet: only deploys by this version of the action, which record themselves, can be rolled back to.';
    if (wanted === 'previous') {
        const previous = ids[ids.length - 2];
        if (previous === undefined)
            throw new DeployError(`Cannot roll back ${where(settings)} to the previous deploy: fewer than two deploys are recorded. ${there}`, { badInput: true });
        return previous;
    }
    if (!ids.includes(wanted))
        throw new DeployError(`Input "rollback-to" is invalid: no deploy ${JSON.stringify(wanted)} is recorded in ${where(settings)}. ${there}`, { badInput: true });
    return wanted;
}
function refuseWithoutVersioning(settings, status) {
    if (status === 'Enabled')
        return;
    const state = status === 'Suspended' ? 'is suspended' : 'was never turned on';
    throw new DeployError(`Cannot roll back: versioning of bucket "${settings.bucket}" ${state}, so S3 did not keep the versions a rollback copies back. Nothing was written. Turn it on with:\n  aws s3api put-bucket-versioning --bucket ${settings.bucket} --versioning-configuration Status=Enabled\nDeploys from then on can be rolled back (README: "Roll back the site").`);
}
/** Only a deploy that finished has a "right after it" to go back to. */
function refuseTarget(records, targetId, ids) {
    const target = records.find((record) => record.id === targetId);
    if (target === undefined)
        throw new DeployError(`Cannot roll back to ${targetId}: its record could not be read. Nothing was written.`);
    if (target.status !== 'complete')
        throw new DeployError(`Cannot roll back to ${targetId}: that deploy did not finish (${target.status === 'failed' ? 'it failed' : 'it was stopped'}), so what it left is no state the site was meant to be in. Nothing was written. Choose a finished deploy (${ids.join(', ')}).`);
}
/** Expired versions always refuse; keys another tool changed refuse unless forced. */
function refuseUnsafeRollback(settings, plan) {
    const id = plan.target.id;
    if (plan.missing.length > 0)
        throw new DeployError(`Cannot roll back ${where(settings)} to ${id}: ${plan.missing.length} recorded version(s) no longer exist (a lifecycle rule or a person deleted them): ${named(plan.missing)}. Nothing was written.`);
    if (plan.foreign.length > 0 && !settings.rollbackForce) {
        const keys = plan.foreign.map(({ key, now }) => now
            ? `${key} (now version ${now.versionId}, written ${new Date(now.lastModified).toISOString()})`
            : `${key} (now deleted)`);
        throw new DeployError(`Cannot roll back ${where(settings)} to ${id}: ${plan.foreign.length} key(s) were changed by another tool since: ${named(keys)}. Rolling back would overwrite those changes. Nothing was written. To roll back anyway, run it again with --force (input rollback-force: true).`);
    }
}
function named(keys) {
    const shown = keys.slice(0, KEYS_NAMED).join(', ');
    return keys.length > KEYS_NAMED ? `${shown} and ${keys.length - KEYS_NAMED} more` : shown;
}

;// CONCATENATED MODULE: ./src/plan/rollback-sync-plan.ts
/**
 * A rollback as the reports read a deploy: each restore an upload (new when the key had no object,
 * changed otherwise), each removal a deletion. Nothing comes from disk: the files have no path.
 */
function rollbackSyncPlan(plan) {
    return {
        uploads: plan.restores.map((restore) => ({
            file: {
                key: restore.key,
                path: '',
                size: restore.size,
                md5: restore.md5 ?? '',
            },
            reason: restore.before ? 'changed' : 'new',
            headers: { contentType: '', cacheControl: undefined },
        })),
        headerUpdates: [],
        deletes: plan.deletes.map((removal) => ({ ...removal })),
        unchanged: [],
        kept: [],
    };
}

;// CONCATENATED MODULE: ./src/rollback.ts




















/**
 * Makes the prefix serve exactly what it served right after a recorded deploy: the versions later
 * deploys replaced are copied back server-side, the keys they added are deleted, the changed paths
 * invalidated; under the deploy lock, and recorded as a deploy itself. Refuses, writing nothing,
 * when that cannot be done exactly (no versioning, expired versions, keys changed by another tool).
 */
async function rollback(context) {
    const { settings, logger } = context;
    const started = context.now();
    const mine = newHolder(context);
    const planned = await plannedWhenFree(context, mine);
    const { plan } = planned;
    refuseUnsafeRollback(settings, plan);
    const keys = keysOf(settings, plan, planned.stored.state);
    const targets = needsInvalidation(settings, keys.fullKeys)
        ? await resolveDistributions(context)
        : [];
    let invalidations = [];
    let deployId;
    const resultOf = (extra = {}) => ({
        plan: rollbackSyncPlan(plan),
        dryRun: settings.dryRun,
        bytesUploaded: 0,
        changedPaths: keys.changed.map((key) => `/${settings.prefix}${key}`).sort(),
        invalidations,
        durationMs: context.now() - started,
        rollbackTo: plan.target.id,
        ...(deployId ? { deployId } : {}),
        ...extra,
    });
    logger.info(`Rollback to ${plan.target.id}: ${plan.restores.length} to restore, ${plan.deletes.length} to delete.`);
    if (settings.dryRun) {
        invalidations = plannedInvalidations(settings, targets, keys.fullKeys, keys.carriedOver);
        return resultOf();
    }
    if (keys.changed.length === 0)
        return resultOf();
    deployId = newDeployId(context.now(), planned.ids.at(-1));
    const lock = await lockWithIntent(context, planned.stored, keys.invalidation, deployId, mine);
    const locked = { ...context, beforeWrite: () => lock.assertHeld() };
    const done = { uploaded: 0, headersUpdated: 0, deleted: 0, invalidated: false };
    const recorder = new DeployRecorder(locked, deployId, planned.ids, plannedRestores(plan), planned.carried, {
        kind: 'rollback',
        rollbackTo: plan.target.id,
        headerRules: plan.target.headerRules ?? '',
    });
    try {
        await recorder.start();
        await restoreAll(locked, plan, recorder, done);
        await removeAdded(locked, plan, recorder, done);
        const invalidation = await invalidateRollback(locked, targets, keys);
        invalidations = invalidation.outcomes;
        done.invalidated = invalidation.outcomes.every((outcome) => outcome.accepted);
        // The restored objects carry the target deploy's headers: its rules are the ones applied.
        const finished = {
            ...stateFor(settings),
            headerRules: plan.target.headerRules ?? '',
            acl: plan.target.acl,
            pendingInvalidation: done.invalidated ? [] : keys.invalidation,
            deployId,
        };
        // As for a deploy: the record first, then the state with the lock released (deploy.ts).
        await recorder.finish('complete');
        const unrecorded = await lock.release(finished);
        if (invalidation.failure)
            throw invalidation.failure;
        if (unrecorded === undefined)
            return resultOf();
        const warning = unrecordedWarning(settings, unrecorded, done, invalidations.length > 0);
        logger.warning(warning);
        return resultOf({ unrecorded: warning });
    }
    catch (error) {
        await recorder.finish('failed').catch(() => { });
        throw new DeployFailure(resultOf({ failure: { message: errorMessage(error), ...done } }), error);
    }
    finally {
        await lock.release(undefined);
    }
}
/**
 * The plan, made when no other deploy holds the lock: while one does, it waits (as a deploy does,
 * up to lock-timeout) and plans again, since that deploy changed the bucket.
 */
async function plannedWhenFree(context, mine) {
    const timing = context.lockTiming ?? LOCK_TIMING;
    const deadline = context.now() + context.settings.lockTimeoutSeconds * 1000;
    const plan = (title) => context.logger.group(title, () => planFor(context));
    let planned = await plan('Planning the rollback');
    let seen = seenLock(planned.stored, context.now());
    while (whyFree(seen, mine, context.now(), timing) === undefined) {
        seen = await waitForLock(context, seen, mine, deadline, timing);
        planned = await plan('Planning the rollback again');
        seen = seenLock(planned.stored, context.now(), seen);
    }
    return planned;
}
/** The lock and the keys about to change in one write, conditional on the state planned from. */
async function lockWithIntent(context, stored, keys, deployId, lock) {
    const intent = {
        ...(stored.state ?? { ...stateFor(context.settings), headerRules: '' }),
        pendingInvalidation: keys,
        deployId,
        lock,
    };
    const taken = await takeLock(context, stored.etag, intent, context.lockTiming ?? LOCK_TIMING);
    if (taken)
        return taken;
    throw new DeployError('Another deploy wrote to the bucket while the rollback was planned: nothing was written. Run the rollback again.');
}
/** Everything read before anything is written: the records, the versions, and the plan. */
async function planFor(context) {
    const { settings } = context;
    const own = new Map();
    const [, stored] = await Promise.all([listRemoteObjects(context, own), readState(context)]);
    if (stored.refused !== undefined && own.has(STATE_FILE_NAME))
        throw stored.refused;
    const ids = recordIds(own.keys());
    const targetId = rollbackTarget(settings, ids);
    refuseWithoutVersioning(settings, await versioningStatus(context));
    const records = await readRecords(context, ids);
    refuseTarget(records, targetId, ids);
    const versions = await listObjectVersions(context);
    const plan = planRollback({
        records,
        targetId,
        versions: versions.site,
        targetWrittenAt: versions.own.get(recordName(targetId))?.[0]?.lastModified ?? 0,
        force: settings.rollbackForce,
        acl: settings.acl,
    });
    // The newest complete record's ETags stay true for every key the rollback leaves alone.
    const latest = [...records].reverse().find((record) => record.status === 'complete');
    return { plan, stored, ids, carried: { ...latest?.etags } };
}
/** The keys the rollback changes, plus those an earlier deploy left to invalidate. */
function keysOf(settings, plan, state) {
    const changed = [...plan.restores.map((r) => r.key), ...plan.deletes.map((d) => d.key)];
    const changedSet = new Set(changed);
    const pending = invalidates(settings)
        ? (state?.pendingInvalidation ?? []).filter((key) => !changedSet.has(key))
        : [];
    const invalidation = [...changed, ...pending];
    return {
        changed,
        invalidation,
        fullKeys: invalidation.map((key) => settings.prefix + key),
        carriedOver: new Set(pending.map((key) => settings.prefix + key)),
    };
}
async function removeAdded(context, plan, recorder, done) {
    if (plan.deletes.length === 0)
        return;
    await context.logger.group(`Deleting ${plan.deletes.length} objects later deploys added`, () => deleteAll(context, plan.deletes));
    recorder.removed(plan.deletes.map((removal) => removal.key));
    done.deleted = plan.deletes.length;
}
async function invalidateRollback(context, targets, keys) {
    if (targets.length === 0)
        return { outcomes: [], failure: undefined };
    return context.logger.group('Invalidating', () => invalidateAll(context, targets, keys.fullKeys, keys.carriedOver));
}
/** Assets first, pages last, as a deploy writes them: a page never links what is not back yet. */
async function restoreAll(context, plan, recorder, done) {
    for (const pages of [false, true]) {
        const restores = plan.restores.filter((restore) => isPage(restore.key) === pages);
        if (restores.length === 0)
            continue;
        await context.logger.group(`Restoring ${restores.length} ${pages ? 'pages' : 'files'}`, () => mapConcurrent(restores, context.settings.concurrency, async (restore) => {
            const written = await restoreVersion(context, restore);
            recorder.wrote(restore.key, written, { md5: restore.md5 ?? '', size: restore.size });
            done.uploaded += 1;
            context.logger.info(`Restored ${restore.key} (version ${restore.versionId})`);
        }));
    }
}
function plannedRestores(plan) {
    return [
        ...plan.restores.map((restore) => ({
            key: restore.key,
            action: 'restore',
            before: restore.before,
        })),
        ...plan.deletes.map((removal) => ({
            key: removal.key,
            action: 'delete',
            before: { etag: removal.etag, size: removal.size },
        })),
    ];
}

;// CONCATENATED MODULE: ./src/cli/history-rollback.ts













const HISTORY_USAGE = `Usage: s3-cf-sync history s3://BUCKET[/PREFIX] [--json] [--region R] [--endpoint URL]

Lists the recorded deploys of BUCKET/PREFIX, newest first: ID, time, commit,
uploaded/updated/deleted. --json prints a JSON array instead, one object per deploy.`;
const ROLLBACK_USAGE = `Usage: s3-cf-sync rollback s3://BUCKET[/PREFIX] [--to ID|previous] [options]

Makes BUCKET/PREFIX serve exactly what it served right after deploy ID (default: previous, the
one before the latest), by server-side copies of the recorded versions. Needs bucket versioning.
  --to ID|previous           the deploy to go back to (s3-cf-sync history lists the IDs)
  --distribution IDS         CloudFront distribution(s) to invalidate (IDs, or auto)
  --dry-run                  show the plan, write nothing
  --force                    roll back also when another tool changed keys since that deploy
  --print-policy             print the minimal IAM policy of a rollback and exit
  --region, --endpoint, --lock-timeout, --concurrency, --acl
Exit codes: 0 rolled back (or nothing to do), 1 it failed or was refused, 2 bad arguments.`;
const COMMON = {
    region: { type: 'string' },
    endpoint: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
};
/** `s3-cf-sync history s3://BUCKET[/PREFIX]`: the recorded deploys, newest first. */
async function historyCommand(argv, log) {
    const { values, target } = parse(argv, { json: { type: 'boolean' } }, HISTORY_USAGE);
    if (values.help)
        return history_rollback_usage(HISTORY_USAGE, log);
    // history reads no folder: "." stands in for the deploy's "dir".
    const context = contextOf({ dir: '.', ...target, ...strings(values, ['region', 'endpoint']) });
    const own = new Map();
    await listRemoteObjects(context, own, { startingWith: RECORD_NAME_PREFIX });
    const records = await readRecords(context, recordIds(own.keys()));
    const entries = historyEntries(records);
    log(values.json ? JSON.stringify(entries, null, 2) : historyTable(entries));
    return 0;
}
/** `s3-cf-sync rollback s3://BUCKET[/PREFIX] [--to ID|previous]`: back to a recorded deploy. */
async function rollbackCommand(argv, log) {
    const options = {
        to: { type: 'string' },
        distribution: { type: 'string' },
        'dry-run': { type: 'boolean' },
        force: { type: 'boolean' },
        'print-policy': { type: 'boolean' },
        'lock-timeout': { type: 'string' },
        concurrency: { type: 'string' },
        acl: { type: 'string' },
    };
    const { values, target } = parse(argv, options, ROLLBACK_USAGE);
    if (values.help)
        return history_rollback_usage(ROLLBACK_USAGE, log);
    const context = contextOf({
        ...target,
        'rollback-to': String(values.to ?? 'previous'),
        'dry-run': String(values['dry-run'] ?? false),
        'rollback-force': String(values.force ?? false),
        ...strings(values, [
            'region',
            'endpoint',
            'distribution',
            'lock-timeout',
            'concurrency',
            'acl',
        ]),
    });
    if (values['print-policy']) {
        log(formatPolicy(minimalPolicy(context.settings)));
        // On stderr, so that stdout stays the policy JSON alone.
        for (const note of policyNotes(context.settings))
            console.error(note);
        return 0;
    }
    const result = await rollback(context);
    log(`\n${terminalSummary(result, context.settings)}`);
    return 0;
}
function parse(argv, options, help) {
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({
            args: [...argv],
            options: { ...COMMON, ...options },
            allowPositionals: true,
        });
    }
    catch (error) {
        throw new DeployError(`${error.message}\n\n${help}`, { badInput: true });
    }
    const values = parsed.values;
    if (values.help)
        return { values, target: {} };
    const [where, ...extra] = parsed.positionals;
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(where ?? '');
    if (!match?.[1] || extra.length > 0)
        throw new DeployError(`Expected one target, s3://BUCKET or s3://BUCKET/PREFIX; got ${JSON.stringify(parsed.positionals.join(' '))}.\n\n${help}`, { badInput: true });
    const target = match[2] ? { bucket: match[1], prefix: match[2] } : { bucket: match[1] };
    return { values, target };
}
function strings(values, names) {
    const picked = {};
    for (const name of names)
        if (typeof values[name] === 'string')
            picked[name] = values[name];
    return picked;
}
function history_rollback_usage(text, log) {
    log(text);
    return 0;
}
function contextOf(inputs) {
    const settings = parseSettings((name) => inputs[name] ?? '');
    const logger = plainLogger();
    return createDeployContext(settings, createClients(settings, undefined), logger);
}
/** Lines to stderr, control characters shown escaped: stdout stays the table or the JSON. */
function plainLogger() {
    const show = control_characters_showControlCharacters;
    return {
        info: (message) => console.error(`  ${show(message)}`),
        // The per-object lines, as a terminal shows them: only on request (the summary lists them).
        detail: () => { },
        warning: (message) => console.error(`  warning: ${show(message)}`),
        debug: (message) => {
            if (process.env.DEBUG)
                console.error(`  debug: ${show(message)}`);
        },
        group: async (title, work) => {
            console.error(show(title));
            return work();
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/node-support.ts
// package.json's "engines": the bundle is built and tested on Node 20 and 24.
const OLDEST_NODE = 20;
// The AWS SDK's releases from January 2027 need Node 22; on older ones it prints ten lines.
const SDK_NODE = 22;
/**
 * Before the AWS clients exist: on a Node the SDK is leaving behind, one line of ours (the SDK's
 * own warning is turned off through its documented switch); on one older than "engines", an error.
 * Returns false when the CLI cannot run here.
 */
function checkNode(version, stderr, env) {
    const major = Number.parseInt(version.replace(/^v/, ''), 10);
    if (major < OLDEST_NODE) {
        stderr.write(`Error: s3-cf-sync needs Node ${OLDEST_NODE} or newer; this is Node ${version}.\n`);
        return false;
    }
    if (major < SDK_NODE) {
        env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
        stderr.write(`note: Node ${version} works, but releases from 2027 need Node ${SDK_NODE}, as the AWS SDK does.\n`);
    }
    return true;
}

;// CONCATENATED MODULE: ./src/cli/status-line.ts


const LABELS = {
    listing: 'Listing and hashing',
    hashing: 'Hashing',
    'reading headers': 'Reading headers',
    uploading: 'Uploading',
    'updating headers': 'Updating headers',
    deleting: 'Deleting',
    invalidating: 'Invalidating',
    'waiting for CloudFront': 'Waiting for CloudFront',
};
const status_line_UNITS = {
    listing: 'files',
    hashing: 'files',
    'reading headers': 'objects',
    uploading: 'files',
    'updating headers': 'objects',
    deleting: 'objects',
    invalidating: 'distributions',
    'waiting for CloudFront': 'invalidations',
};
// The rate is measured over the last few seconds, so that it follows a slowing link.
const RATE_WINDOW_MS = 5_000;
const MIN_RATE_SPAN_MS = 1_000;
const SAMPLE_MS = 100;
/** One phase's progress over time: its rate and the time left at that rate. */
class PhaseMeter {
    phase;
    startedAt;
    // At most one sample per SAMPLE_MS, so that the window stays a few dozen samples long however
    // many updates arrive (a listing of 100,000 files sends 100,000); `latest` is the newest update.
    samples = [];
    latest;
    constructor(phase, startedAt) {
        this.phase = phase;
        this.startedAt = startedAt;
    }
    add(update, at) {
        const amount = update.totalBytes !== undefined ? (update.bytes ?? 0) : (update.done ?? 0);
        this.latest = { at, amount };
        const last = this.samples.at(-1);
        if (!last || at - last.at >= SAMPLE_MS)
            this.samples.push(this.latest);
        while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - RATE_WINDOW_MS)
            this.samples.shift();
    }
    /** Bytes (or files, when the phase has no byte total) per second; undefined until measurable. */
    rate(at) {
        const first = this.samples[0];
        const last = this.latest;
        if (!first || !last)
            return undefined;
        // Before the window fills, the phase's start is the fairer origin: nothing was done yet.
        const origin = at - this.startedAt < RATE_WINDOW_MS ? { at: this.startedAt, amount: 0 } : first;
        const span = last.at - origin.at;
        if (span < MIN_RATE_SPAN_MS || last.amount <= origin.amount)
            return undefined;
        return ((last.amount - origin.amount) * 1000) / span;
    }
}
/** The status line's text: the phase, files and bytes done of total, rate, time left. */
function statusText(update, meter, at) {
    const parts = [LABELS[update.phase]];
    const unit = status_line_UNITS[update.phase];
    // "0/1 invalidations" says nothing the label does not: counts of one thing are left out.
    const counted = update.total === undefined || update.total > 1 || unit === 'files' || unit === 'objects';
    if (update.done !== undefined && counted) {
        parts.push(update.total === undefined
            ? `${count(update.done)} ${unit}`
            : `${count(update.done)}/${count(update.total)} ${unit}`);
    }
    if (update.bytes !== undefined) {
        parts.push(update.totalBytes === undefined
            ? formatBytes(update.bytes)
            : `${formatBytes(update.bytes)} of ${formatBytes(update.totalBytes)}`);
    }
    const rate = meter.rate(at);
    const left = timeLeft(update, rate);
    if (rate !== undefined)
        parts.push(rateText(update, rate));
    parts.push(left === undefined ? clock(at - meter.startedAt) : `${duration(left)} left`);
    if (update.detail)
        parts.push(update.detail);
    return parts.join(' \u00b7 ');
}
function rateText(update, rate) {
    if (update.totalBytes !== undefined)
        return `${formatBytes(Math.round(rate))}/s`;
    return `${count(Math.round(rate))} ${status_line_UNITS[update.phase]}/s`;
}
function timeLeft(update, rate) {
    if (rate === undefined)
        return undefined;
    const remaining = update.totalBytes !== undefined
        ? update.totalBytes - (update.bytes ?? 0)
        : update.total !== undefined
            ? update.total - (update.done ?? 0)
            : undefined;
    return remaining === undefined ? undefined : Math.max(0, remaining / rate);
}
/** Seconds left, rounded up: "9 s", "3 min 20 s", "1 h 5 min". */
function duration(seconds) {
    const whole = Math.ceil(seconds);
    if (whole < 60)
        return `${whole} s`;
    if (whole < 3600)
        return `${Math.floor(whole / 60)} min ${whole % 60} s`;
    return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}
/** Time spent in the phase, as a clock: "0:07", "12:30". */
function clock(ms) {
    const whole = Math.floor(ms / 1000);
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

;// CONCATENATED MODULE: ./src/cli/status-display.ts

// Carriage return, then "erase the whole line" (ECMA-48 EL 2): the line is redrawn in place.
const REDRAW = '\r\x1b[2K';
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';
// A terminal redraws at most this often; a new phase is drawn at once.
const REDRAW_MS = 100;
// Without updates (waiting for CloudFront), the clock still moves once a second.
const TICK_MS = 1_000;
/**
 * One status line on a terminal, redrawn in place; the log's lines are printed above it. It is
 * cut to the terminal's width: a line that wrapped could no longer be redrawn.
 */
class LiveStatus {
    terminal;
    color;
    now;
    tickMs;
    update;
    meter;
    drawnAt = Number.NEGATIVE_INFINITY;
    shown = false;
    ticker;
    constructor(terminal, color, now = Date.now, tickMs = TICK_MS) {
        this.terminal = terminal;
        this.color = color;
        this.now = now;
        this.tickMs = tickMs;
    }
    show(update) {
        const at = this.now();
        const newPhase = update.phase !== this.update?.phase;
        if (newPhase || !this.meter)
            this.meter = new PhaseMeter(update.phase, at);
        this.meter.add(update, at);
        this.update = update;
        if (newPhase || at - this.drawnAt >= REDRAW_MS)
            this.draw();
        if (!this.ticker && this.tickMs > 0) {
            this.ticker = setInterval(() => this.draw(), this.tickMs);
            this.ticker.unref();
        }
    }
    /** Writes a whole line of the log (to `stream`, the terminal or its stderr) above the status. */
    print(stream, line) {
        this.erase();
        stream.write(`${line}\n`);
        if (this.update)
            this.draw();
    }
    /** Erases the status line for good: the summary follows. */
    stop() {
        if (this.ticker)
            clearInterval(this.ticker);
        this.ticker = undefined;
        this.erase();
        this.update = undefined;
    }
    draw() {
        if (!this.update || !this.meter)
            return;
        const at = this.now();
        const text = cut(statusText(this.update, this.meter, at), (this.terminal.columns || 80) - 1);
        this.terminal.write(REDRAW + (this.color ? emphasisedLabel(text) : text));
        this.drawnAt = at;
        this.shown = true;
    }
    erase() {
        if (this.shown)
            this.terminal.write(REDRAW);
        this.shown = false;
    }
}
/** Without a terminal (a pipe, a CI log): a plain line every `intervalMs` while a phase lasts. */
class PeriodicStatus {
    writeLine;
    intervalMs;
    now;
    meter;
    reportedAt = 0;
    constructor(writeLine, intervalMs = 5_000, now = Date.now) {
        this.writeLine = writeLine;
        this.intervalMs = intervalMs;
        this.now = now;
    }
    show(update) {
        const at = this.now();
        if (update.phase !== this.meter?.phase) {
            this.meter = new PhaseMeter(update.phase, at);
            this.reportedAt = at;
        }
        this.meter.add(update, at);
        const finished = update.total !== undefined && update.done === update.total;
        if (at - this.reportedAt < this.intervalMs || finished)
            return;
        this.reportedAt = at;
        this.writeLine(`Progress: ${statusText(update, this.meter, at)}.`);
    }
}
function cut(text, width) {
    return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}\u2026`;
}
function emphasisedLabel(text) {
    const end = text.indexOf(' \u00b7 ');
    return end < 0
        ? `${BOLD}${text}${RESET}`
        : `${BOLD}${text.slice(0, end)}${RESET}${text.slice(end)}`;
}

;// CONCATENATED MODULE: ./src/cli/terminal-output.ts


const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';
const terminal_output_RESET = '\x1b[0m';
/**
 * The CLI's output. On a terminal the engine's progress is one status line redrawn in place and
 * the per-file lines wait for --verbose; elsewhere (a pipe, a CI log) progress is a plain line
 * every few seconds, with no carriage return or escape sequence. Colour only on a terminal, and
 * never with NO_COLOR (https://no-color.org: set and not empty).
 */
function terminalOutput(options, streams, env) {
    const { stdout, stderr } = streams;
    const log = options.json ? stderr : stdout;
    const noColor = Boolean(env.NO_COLOR);
    const live = Boolean(log.isTTY) && env.TERM !== 'dumb' && !options.quiet;
    const status = live ? new LiveStatus(log, !noColor) : undefined;
    const periodic = !live && !options.quiet ? new PeriodicStatus((line) => write(log, `  ${line}`)) : undefined;
    const paint = (stream, colour, text) => stream.isTTY && !noColor && env.TERM !== 'dumb' ? `${colour}${text}${terminal_output_RESET}` : text;
    function write(stream, line) {
        if (status)
            status.print(stream, line);
        else
            stream.write(`${line}\n`);
    }
    const say = (line) => {
        if (!options.quiet)
            write(log, line);
    };
    // Every line shows control characters escaped: a file name cannot start a line of its own (the
    // CLI may run in a workflow, whose runner executes lines starting with `::`) nor send escapes.
    const show = control_characters_showControlCharacters;
    const logger = {
        info: (message) => say(`  ${show(message)}`),
        detail: (message) => {
            if (options.verbose)
                say(`  ${show(message)}`);
        },
        warning: (message) => write(stderr, `  ${paint(stderr, YELLOW, 'warning:')} ${show(message)}`),
        debug: (message) => {
            if (env.DEBUG)
                write(log, `  debug: ${show(message)}`);
        },
        group: async (title, work) => {
            say(show(title));
            return work();
        },
        progress: (update) => {
            if (status)
                status.show(update);
            else
                periodic?.show(update);
        },
    };
    return {
        logger,
        summary: (text) => write(log === stderr ? stderr : stdout, `\n${text}`),
        result: (json) => stdout.write(json.endsWith('\n') ? json : `${json}\n`),
        error: (text) => write(stderr, `\n${paint(stderr, RED, 'Error:')} ${text}`),
        close: () => status?.stop(),
    };
}

;// CONCATENATED MODULE: ./src/cli/main.ts














/** Exit codes, as --help and the README say them. */
const EXIT = { done: 0, failed: 1, badArguments: 2 };
const VERSION = package_namespaceObject.rE;
// Subcommands, by the first word of the command line (`s3-cf-sync NAME ...`); without one the
// command line is a deploy. A folder named like a command is given as ./NAME.
const COMMANDS = {
    history: (argv, io) => guarded(historyCommand, argv, io),
    rollback: (argv, io) => guarded(rollbackCommand, argv, io),
};
const PLAIN = { quiet: false, verbose: false, json: false };
/** The command line: same inputs, same engine, a terminal summary and exit codes. */
async function main(argv, io = processIo()) {
    const [first, ...rest] = argv;
    const command = first !== undefined && Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command)
        return deployCommand(argv, io);
    // Before the command makes its AWS clients: the one line about Node, not the SDK's ten.
    if (!checkNode(process.version, io.stderr, io.env))
        return EXIT.failed;
    return command(rest, io);
}
async function deployCommand(argv, io) {
    let output;
    try {
        const line = parseCommandLine(argv);
        if (line.kind === 'help')
            return printed(io.stdout, usage());
        if (line.kind === 'version')
            return printed(io.stdout, `s3-cf-sync ${VERSION}`);
        const settings = parseSettings((name) => line.inputs[name] ?? '');
        if (settings.printPolicy) {
            io.stdout.write(`${formatPolicy(minimalPolicy(settings))}\n`);
            // On stderr, so that stdout stays the policy JSON alone.
            for (const note of policyNotes(settings))
                io.stderr.write(`${note}\n`);
            return EXIT.done;
        }
        if (!checkNode(process.version, io.stderr, io.env))
            return EXIT.failed;
        output = terminalOutput(line.output, io, io.env);
        // The SDK's own messages only when debugging, as in the action.
        const sdkLog = io.env.DEBUG ? output.logger : undefined;
        const context = createDeployContext(settings, createClients(settings, sdkLog), output.logger);
        const result = await deploy(context);
        output.close();
        output.summary(terminalSummary(result, settings));
        if (line.output.json)
            output.result(resultFileJson(result));
        return EXIT.done;
    }
    catch (error) {
        return failed(error, output ?? terminalOutput(PLAIN, io, io.env), io);
    }
}
/**
 * The one error path of every command: the message on stderr, nothing on stdout (a failed deploy
 * has no result to give), and the exit code --help documents.
 */
function failed(error, output, io) {
    output.close();
    output.error(errorMessage(error));
    if (io.env.DEBUG && error instanceof Error && error.stack)
        io.stderr.write(`${error.stack}\n`);
    return error instanceof DeployError && error.badInput ? EXIT.badArguments : EXIT.failed;
}
/** A subcommand that prints its result line by line on stdout, through the one error path. */
async function guarded(command, argv, io) {
    try {
        return await command(argv, (line) => io.stdout.write(`${line}\n`));
    }
    catch (error) {
        return failed(error, terminalOutput(PLAIN, io, io.env), io);
    }
}
function printed(stream, text) {
    stream.write(`${text}\n`);
    return EXIT.done;
}
function processIo() {
    return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}


/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(2827);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
