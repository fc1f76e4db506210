// glibc getopt()/getopt_long() as QEMU's tools call them: argument permutation, clustering, abbreviations and glibc's error texts.

/** A long option (struct option): `val` is what next() reports as `opt` when it matches. */
export interface LongOption {
  name: string;
  hasArg: 'no' | 'required' | 'optional';
  val: string;
}

/**
 * One step of the parse.
 * - `opt`: the option character (or a long option's `val`); '?' for an unknown option or a
 *   misused long option; ':' for a missing argument when optstring starts with ':' (else '?').
 * - `arg`: optarg, when the option took one.
 * - `optopt`: the offending short option character for '?'/':' ('' for long options).
 * - `error`: glibc's own diagnostic text (without the "prog: " prefix), as it would print it
 *   when optstring does not start with ':'; callers in ':' mode print their own.
 */
export interface GetoptResult {
  opt: string;
  arg?: string;
  optopt?: string;
  error?: string;
}

/** A running parse over argv (argv[0] is the program or command name and is never parsed). */
export interface Getopt {
  /** The next option, or null when options are done; afterwards `optind` is the first operand. */
  next(): GetoptResult | null;
  /** Index of the next argv element to process (glibc's optind); after the end, the first operand. */
  readonly optind: number;
  /** argv as permuted so far: options first, then operands from `optind` on. */
  readonly argv: readonly string[];
}

type Ordering = 'permute' | 'require_order' | 'return_in_order';

/**
 * Start parsing `argv` like glibc's getopt_long(argc, argv, optstring, longopts).
 * A leading '+' in optstring stops at the first operand (as POSIXLY_CORRECT would); a leading
 * '-' (operands returned in order, unused by QEMU) also stops there; a following ':' makes
 * missing arguments return ':'.
 */
export function getopt(argv: readonly string[], optstring: string, longopts: readonly LongOption[] = []): Getopt {
  const args = [...argv];
  let spec = optstring;
  let ordering: Ordering = 'permute';
  if (spec.startsWith('+')) {
    ordering = 'require_order';
    spec = spec.slice(1);
  } else if (spec.startsWith('-')) {
    ordering = 'return_in_order';
    spec = spec.slice(1);
  }
  const colonMode = spec.startsWith(':');
  let optind = 1;
  let nextchar = '';
  let firstNonopt = 1;
  let lastNonopt = 1;

  const isNonoption = (i: number): boolean => args[i]![0] !== '-' || args[i]!.length === 1;

  /** Move the operands skipped so far ([firstNonopt, lastNonopt)) after the options that followed them. */
  function exchange(): void {
    const nonopts = args.slice(firstNonopt, lastNonopt);
    const opts = args.slice(lastNonopt, optind);
    args.splice(firstNonopt, optind - firstNonopt, ...opts, ...nonopts);
    firstNonopt += optind - lastNonopt;
    lastNonopt = optind;
  }

  /** Advance to the next option word; null when the options are over. */
  function scan(): boolean {
    if (lastNonopt > optind) lastNonopt = optind;
    if (firstNonopt > optind) firstNonopt = optind;
    if (ordering === 'permute') {
      if (firstNonopt !== lastNonopt && lastNonopt !== optind) exchange();
      else if (lastNonopt !== optind) firstNonopt = optind;
      while (optind < args.length && isNonoption(optind)) optind++;
      lastNonopt = optind;
    }
    if (optind !== args.length && args[optind] === '--') {
      optind++;
      if (firstNonopt !== lastNonopt && lastNonopt !== optind) exchange();
      else if (firstNonopt === lastNonopt) firstNonopt = optind;
      lastNonopt = args.length;
      optind = args.length;
    }
    if (optind === args.length) {
      if (firstNonopt !== lastNonopt) optind = firstNonopt;
      return false;
    }
    if (isNonoption(optind)) return false; // require_order / return_in_order stop here
    return true;
  }

  function longOption(): GetoptResult {
    const word = args[optind]!;
    const body = word.slice(2);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    let found = longopts.find((o) => o.name === name);
    if (!found) {
      const cands = longopts.filter((o) => o.name.startsWith(name));
      const first = cands[0];
      const ambiguous = cands.some((o) => o.hasArg !== first!.hasArg || o.val !== first!.val);
      if (ambiguous) {
        optind++;
        const list = cands.map((o) => ` '--${o.name}'`).join('');
        // glibc names the whole word, "=value" included.
        return { opt: '?', optopt: '', error: `option '--${body}' is ambiguous; possibilities:${list}` };
      }
      found = first;
    }
    optind++;
    if (!found) return { opt: '?', optopt: '', error: `unrecognized option '--${body}'` };
    if (eq >= 0) {
      if (found.hasArg === 'no') {
        return { opt: '?', optopt: found.val, error: `option '--${found.name}' doesn't allow an argument` };
      }
      return { opt: found.val, arg: body.slice(eq + 1) };
    }
    if (found.hasArg === 'required') {
      if (optind < args.length) return { opt: found.val, arg: args[optind++]! };
      return { opt: colonMode ? ':' : '?', optopt: found.val, error: `option '--${found.name}' requires an argument` };
    }
    return { opt: found.val };
  }

  function shortOption(): GetoptResult {
    const c = nextchar[0]!;
    nextchar = nextchar.slice(1);
    const idx = c === ':' || c === ';' ? -1 : spec.indexOf(c, colonMode ? 1 : 0);
    if (nextchar === '') optind++;
    if (idx < 0) return { opt: '?', optopt: c, error: `invalid option -- '${c}'` };
    const takes = spec[idx + 1] === ':' ? (spec[idx + 2] === ':' ? 'optional' : 'required') : 'no';
    if (takes === 'no') return { opt: c };
    if (nextchar !== '') {
      const arg = nextchar;
      nextchar = '';
      optind++;
      return { opt: c, arg };
    }
    if (takes === 'optional') return { opt: c };
    if (optind === args.length) {
      return { opt: colonMode ? ':' : '?', optopt: c, error: `option requires an argument -- '${c}'` };
    }
    return { opt: c, arg: args[optind++]! };
  }

  return {
    next(): GetoptResult | null {
      if (nextchar === '') {
        if (!scan()) return null;
        const word = args[optind]!;
        if (longopts.length > 0 && word[1] === '-') return longOption();
        nextchar = word.slice(1);
      }
      return shortOption();
    },
    get optind() {
      return optind;
    },
    get argv() {
      return args;
    },
  };
}
