// ./check's command line: QEMU-compatible options parsed into a plain CheckOptions record (pure, no I/O).

/** Image formats ./check accepts as `-FMT` flags: the formats our block layer implements. */
export const CHECK_FORMATS = ['raw', 'qcow2'] as const;
/** Formats QEMU's check knows but this project does not implement (rejected with a clear message). */
export const FOREIGN_FORMATS = [
  'bochs', 'cloop', 'dmg', 'luks', 'parallels', 'qcow', 'qed', 'vdi', 'vhdx', 'vmdk', 'vpc', 'vvfat',
] as const;
/** Protocols ./check accepts as `-PROTO` flags. */
export const CHECK_PROTOCOLS = ['file'] as const;
/** Protocols QEMU's check knows but this project does not implement. */
export const FOREIGN_PROTOCOLS = ['nbd', 'fuse', 'ssh', 'nfs'] as const;

export interface CheckOptions {
  imgfmt: string;
  imgproto: string;
  /** -o: extra creation options, '' when none. */
  imgopts: string;
  /** -g: include groups (union with explicit tests). */
  groups: string[];
  /** -x: exclude groups. */
  excludeGroups: string[];
  /** Test names and ranges as given ('001', '001-010', 'tests/042.ts'). */
  tests: string[];
  dryRun: boolean;
  debug: boolean;
  jobs: number;
  tap: boolean;
  startFrom?: string;
  /** --regen: rewrite the golden files from the current output. */
  regen: boolean;
  /** --qemu DIR: spawn DIR/qemu-img and DIR/qemu-io (the real QEMU). */
  qemuDir?: string;
  color: 'auto' | 'on' | 'off';
  /** --timeout SECONDS per test (0 = none). */
  timeout: number;
  /** --keep: keep the scratch directory of passing tests too. */
  keep: boolean;
}

export type ParseResult =
  | { kind: 'run'; options: CheckOptions }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export function defaultOptions(): CheckOptions {
  return {
    imgfmt: 'raw', imgproto: 'file', imgopts: '', groups: [], excludeGroups: [], tests: [],
    dryRun: false, debug: false, jobs: 1, tap: false, regen: false, color: 'auto', timeout: 0,
    keep: false,
  };
}

/** Split a -g/-x value: comma separated, empty items dropped. */
function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** Options that take a value, with how to store it; the value may be attached with `=`. */
const VALUED: Record<string, (o: CheckOptions, v: string) => string | undefined> = {
  '-o': (o, v) => void (o.imgopts = v),
  '-g': (o, v) => void o.groups.push(...splitList(v)),
  '--groups': (o, v) => void o.groups.push(...splitList(v)),
  '-x': (o, v) => void o.excludeGroups.push(...splitList(v)),
  '--exclude-groups': (o, v) => void o.excludeGroups.push(...splitList(v)),
  '-j': (o, v) => parseCount(v, 'job count', (n) => (o.jobs = n), 1),
  '--jobs': (o, v) => parseCount(v, 'job count', (n) => (o.jobs = n), 1),
  '--start-from': (o, v) => void (o.startFrom = v),
  '--qemu': (o, v) => void (o.qemuDir = v),
  '--timeout': (o, v) => parseCount(v, 'timeout', (n) => (o.timeout = n), 0),
  '-color': (o, v) => setColor(o, v),
  '--color': (o, v) => setColor(o, v),
};

const FLAGS: Record<string, (o: CheckOptions) => void> = {
  '-n': (o) => (o.dryRun = true),
  '--dry-run': (o) => (o.dryRun = true),
  '-d': (o) => (o.debug = true),
  '-tap': (o) => (o.tap = true),
  '--tap': (o) => (o.tap = true),
  '--regen': (o) => (o.regen = true),
  '--keep': (o) => (o.keep = true),
};

function parseCount(v: string, what: string, set: (n: number) => void, min: number): string | undefined {
  if (!/^\d+$/.test(v) || Number(v) < min) return `invalid ${what}: '${v}'`;
  set(Number(v));
  return undefined;
}

function setColor(o: CheckOptions, v: string): string | undefined {
  if (v !== 'auto' && v !== 'on' && v !== 'off') return `invalid color mode '${v}' (use auto, on or off)`;
  o.color = v;
  return undefined;
}

/** Handle `-FMT` / `-PROTO`: undefined when `arg` is not one, else an error message or ''. */
function parseFormatFlag(o: CheckOptions, arg: string): string | undefined {
  const name = arg.slice(1);
  if ((CHECK_FORMATS as readonly string[]).includes(name)) {
    o.imgfmt = name;
    return '';
  }
  if ((CHECK_PROTOCOLS as readonly string[]).includes(name)) {
    o.imgproto = name;
    return '';
  }
  if ((FOREIGN_FORMATS as readonly string[]).includes(name)) {
    return `image format '${name}' is not implemented (supported: ${CHECK_FORMATS.join(', ')})`;
  }
  if ((FOREIGN_PROTOCOLS as readonly string[]).includes(name)) {
    return `protocol '${name}' is not implemented (supported: ${CHECK_PROTOCOLS.join(', ')})`;
  }
  return undefined;
}

/** Parse ./check's arguments (without the program name). */
export function parseCheckArgs(argv: readonly string[]): ParseResult {
  const o = defaultOptions();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--') {
      o.tests.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const key = eq > 0 ? arg.slice(0, eq) : arg;
    const setter = VALUED[key];
    if (setter) {
      const value: string | undefined = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return { kind: 'error', message: `option '${key}' requires an argument` };
      const err = setter(o, value);
      if (err) return { kind: 'error', message: err };
      continue;
    }
    const flag = FLAGS[arg];
    if (flag) {
      flag(o);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      const err = parseFormatFlag(o, arg);
      if (err === undefined) return { kind: 'error', message: `unrecognized option '${arg}'` };
      if (err !== '') return { kind: 'error', message: err };
      continue;
    }
    o.tests.push(arg);
  }
  if (o.tap && o.debug) return { kind: 'error', message: "options '-tap' and '-d' cannot be combined" };
  return { kind: 'run', options: o };
}

export const HELP_TEXT = `Usage: check [options] [testlist]

Run the conformance tests in tests/ and compare their output with golden/.

Image format and protocol:
  -raw                   test the raw format (default)
  -qcow2                 test the qcow2 format
  -file                  test the file protocol (default)
  -o IMGOPTS             extra options for image creation (qemu-img create -o)

Selecting tests:
  -g GROUPS              include tests from these groups (comma separated)
  -x GROUPS              exclude tests from these groups (comma separated)
  --start-from NNN       skip the tests listed before NNN
  testlist               test numbers (042), ranges (001-010) or paths (tests/042.ts);
                         no tests and no -g means every test (except group 'disabled')

Running:
  -n, --dry-run          only list the tests that would run
  -d                     debug: also print each test's output as it runs
  -j N                   run N tests in parallel (each has its own scratch directory)
  --timeout SECONDS      fail a test that runs longer than this (default: no limit)
  --qemu DIR             run DIR/qemu-img and DIR/qemu-io (e.g. /usr/bin for real QEMU)
                         instead of our tools; QEMU_IMG_PROG / QEMU_IO_PROG work too
  --regen                rewrite the golden files from the current output
  --keep                 keep the scratch directories of passing tests

Reporting:
  -tap                   print TAP instead of the human report
  -color auto|on|off     colour the status column (default: auto)
  -h, --help             show this help
`;
