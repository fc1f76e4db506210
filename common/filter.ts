// Output filters for the test transcript: pure (text) => string functions, like QEMU's common.filter.

/** A filter rewrites a tool's output so the golden file is machine- and format-independent. */
export type Filter = (text: string) => string;

/** What the env-dependent filter factories need to know. */
export interface FilterEnv {
  TEST_DIR: string;
  SOCK_DIR?: string;
  IMGFMT: string;
  /** Tool paths; getopt prefixes its complaints with them (argv[0]). */
  QEMU_IO_PROG?: string;
  QEMU_IMG_PROG?: string;
}

/** Apply filters left to right. */
export function chain(...filters: Filter[]): Filter {
  return (text) => filters.reduce((acc, f) => f(acc), text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replace every occurrence of `from` by `to` (no regex semantics). */
export function replaceAll(from: string, to: string): Filter {
  return (text) => (from === '' ? text : text.split(from).join(to));
}

/** The scratch directory becomes `TEST_DIR` (and the socket directory `SOCK_DIR`). */
export function testDirFilter(env: FilterEnv): Filter {
  const fs: Filter[] = [replaceAll(env.TEST_DIR, 'TEST_DIR')];
  if (env.SOCK_DIR && env.SOCK_DIR !== env.TEST_DIR) fs.unshift(replaceAll(env.SOCK_DIR, 'SOCK_DIR'));
  return chain(...fs);
}

/** Every occurrence of the image format name becomes `IMGFMT`. */
export function imgFmtFilter(env: FilterEnv): Filter {
  return replaceAll(env.IMGFMT, 'IMGFMT');
}

/**
 * A tool's full path as getopt prints it (`/usr/bin/qemu-io: invalid option -- 'x'`) becomes
 * the tool's name, so messages read the same whichever binary ran.
 */
export function programFilter(env: FilterEnv): Filter {
  const progs: [string | undefined, string][] = [
    [env.QEMU_IO_PROG, 'qemu-io'],
    [env.QEMU_IMG_PROG, 'qemu-img'],
  ];
  return chain(
    ...progs.filter(([p, name]) => p !== undefined && p !== name).map(([p, name]) => replaceAll(`${p}: `, `${name}: `)),
  );
}

/** Program paths, scratch directory, then image format. */
export function testDirAndFmtFilter(env: FilterEnv): Filter {
  return chain(programFilter(env), testDirFilter(env), imgFmtFilter(env));
}

/**
 * The qemu-io statistics line `4 KiB, 1 ops; 00.00 sec (7.7 MiB/sec and 1985.4 ops/sec)`
 * keeps its byte count and loses its timing: `4 KiB, X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)`.
 */
export const qemuIoTimingFilter: Filter = (text) =>
  text.replace(
    /\d* ops; [\d/:. sec]* \([\d/.inf]* [EPTGMKiBbytes]*\/sec and [\d/.inf]* ops\/sec\)/g,
    'X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)',
  );

/** The interactive prompt `qemu-io> ` disappears (it is printed only on a terminal anyway). */
export const qemuIoPromptFilter: Filter = (text) => text.replace(/qemu-io> /g, '');

/** What `| _filter_qemu_io` does: scratch directory, image format, timing lines, prompts. */
export function qemuIoFilter(env: FilterEnv): Filter {
  return chain(testDirAndFmtFilter(env), qemuIoTimingFilter, qemuIoPromptFilter);
}

/** Options of a `Formatting` line that say something format-independent, in the order kept. */
const KEPT_CREATE_OPTIONS = ['size', 'backing_file', 'backing_fmt', 'data_file'];

/**
 * One `Formatting 'NAME', fmt=F k=v ...` line reduced to `fmt` and the format-independent
 * options (size, backing file and format, data file) in a fixed order; other lines unchanged.
 */
export const imgCreateOptionsFilter: Filter = (text) =>
  text.replace(/^Formatting '(.*)', fmt=(\S+)(.*)$/gm, (_m, name: string, fmt: string, rest: string) => {
    const opts = new Map<string, string>();
    for (const word of rest.trim().split(/\s+/)) {
      const eq = word.indexOf('=');
      if (eq > 0) opts.set(word.slice(0, eq), word.slice(eq + 1));
    }
    const kept = KEPT_CREATE_OPTIONS.filter((k) => opts.has(k)).map((k) => `${k}=${opts.get(k)}`);
    return [`Formatting '${name}', fmt=${fmt}`, ...kept].join(' ');
  });

/** What `| _filter_img_create` does: paths and format filtered, format-specific options dropped. */
export function imgCreateFilter(env: FilterEnv): Filter {
  return chain(testDirAndFmtFilter(env), imgCreateOptionsFilter);
}

/** Drop an indented block that starts with a line matching `head` (the head line too). */
function dropBlock(text: string, head: RegExp): string {
  const out: string[] = [];
  let dropping = false;
  for (const line of text.split('\n')) {
    if (head.test(line)) {
      dropping = true;
      continue;
    }
    if (dropping && /^\s+\S/.test(line)) continue;
    dropping = false;
    out.push(line);
  }
  return out.join('\n');
}

/**
 * Human `qemu-img info`: the disk size (host-dependent), cluster size and the
 * `Format specific information:` block (format-dependent) are removed.
 */
export const imgInfoLinesFilter: Filter = (text) => {
  const kept = text.replace(/^(disk size|cluster_size): .*\n?/gm, '');
  return dropBlock(kept, /^Format specific information:$/);
};

/** What `| _filter_img_info` does: paths, format, and the format/host-specific lines. */
export function imgInfoFilter(env: FilterEnv): Filter {
  return chain(imgInfoLinesFilter, testDirAndFmtFilter(env));
}

/** Drop a JSON member `"key": value` (value scalar or a nested object/array) from pretty JSON. */
function dropJsonMember(text: string, key: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(new RegExp(`^(\\s*)"${escapeRegExp(key)}": (.*)$`));
    if (!m) {
      out.push(lines[i]);
      continue;
    }
    if (/[{[]$/.test(m[2])) {
      const indent = m[1];
      while (i + 1 < lines.length && !new RegExp(`^${indent}[}\\]]`).test(lines[i + 1])) i++;
      i++;
    }
    // The removed member may have been the last one: drop the comma it left behind.
    if (!/,$/.test(lines[i]) && out.length > 0) out[out.length - 1] = out[out.length - 1].replace(/,$/, '');
  }
  return out.join('\n');
}

/** Pretty JSON `qemu-img info --output=json`: host/format-specific members removed. */
export const imgInfoJsonMembersFilter: Filter = (text) =>
  ['actual-size', 'cluster-size', 'format-specific', 'dirty-flag'].reduce(dropJsonMember, text);

/** `qemu-img info --output=json` made machine- and format-independent. */
export function imgInfoJsonFilter(env: FilterEnv): Filter {
  return chain(imgInfoJsonMembersFilter, testDirAndFmtFilter(env));
}

/** Human `qemu-img map`: the "Mapped to" column (a format-dependent host offset) becomes `OFFSET`. */
export const imgMapHumanOffsetFilter: Filter = (text) =>
  text.replace(/^((?:0x)?[\da-f]+ +0x[\da-f]+ +)(?:0x)?[\da-f]+ +/gm, (_m, head: string) => `${head}${'OFFSET'.padEnd(16)}`);

/** JSON `qemu-img map`: `"offset": N` (format-dependent host offset) becomes `"offset": OFFSET`. */
export const imgMapJsonOffsetFilter: Filter = (text) => text.replace(/"offset": \d+/g, '"offset": OFFSET');

/**
 * `qemu-img check` summary lines that depend on the format's allocation strategy
 * (allocation statistics, image end offset) are removed.
 */
export const imgCheckStatsFilter: Filter = (text) =>
  text
    .replace(/^\d+\/\d+ = [\d.]+% allocated, [\d.]+% fragmented, [\d.]+% compressed clusters\n?/gm, '')
    .replace(/^Image end offset: \d+\n?/gm, '');

/** What `| _filter_qemu_img_check` does, plus paths and format. */
export function imgCheckFilter(env: FilterEnv): Filter {
  return chain(imgCheckStatsFilter, testDirAndFmtFilter(env));
}

/** `qemu-img bench`'s `Run completed in 0.827 seconds.` loses its timing. */
export const benchTimeFilter: Filter = (text) =>
  text.replace(/^Run completed in [\d.]+ seconds\.$/gm, 'Run completed in X.XXX seconds.');

/** Trailing whitespace at line ends removed (for tables padded with spaces). */
export const trailingSpaceFilter: Filter = (text) => text.replace(/[ \t]+$/gm, '');

/** Lines matching `re` removed, like `grep -v`. */
export function dropLines(re: RegExp): Filter {
  return (text) =>
    text
      .split(/(?<=\n)/)
      .filter((line) => !re.test(line.replace(/\n$/, '')))
      .join('');
}

/** Generated node names (`#block123`) become `#blockNNN`: their numbers depend on how many nodes a tool opened before. */
export const nodeNameFilter: Filter = (text) => text.replace(/#block\d+/g, '#blockNNN');

/** Snapshot creation dates (qemu-img snapshot -l, info): the human date and time. */
export const snapshotDateFilter: Filter = (text) => text.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'yyyy-mm-dd hh:mm:ss');

/** qemu-img -p progress: each "\r"-ended update on its own line, so goldens show every step. */
export const progressLinesFilter: Filter = (text) => text.replace(/\r/g, '\n');
