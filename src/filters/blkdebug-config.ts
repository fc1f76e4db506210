// blkdebug's rule sources: the .ini-like config file (QEMU's -readconfig syntax) and inject-error.N / set-state.N options.

import type { QDict, QValue } from '../block/driver.ts';
import { BlockError } from '../block/errors.ts';
import { isDict } from '../block/open-options.ts';
import { scalarText } from '../block/options.ts';

export type SectionName = 'inject-error' | 'set-state';

/** One [section] of rule options, values as text (QemuOpts keeps strings). */
export interface RuleSection {
  section: SectionName;
  values: Map<string, string>;
}

/** The keys each section accepts (inject_error_opts / set_state_opts). */
export const SECTION_KEYS: Record<SectionName, readonly string[]> = {
  'inject-error': ['event', 'state', 'iotype', 'errno', 'sector', 'once', 'immediately'],
  'set-state': ['event', 'state', 'new_state'],
};

function isSection(name: string): name is SectionName {
  return name === 'inject-error' || name === 'set-state';
}

/** The first whitespace-delimited token of `line` and, for `key = "value"`, the value ('' otherwise). */
function keyValue(line: string): { key: string; value: string } | undefined {
  const m = /^\s*(\S+)/.exec(line);
  if (!m) return undefined;
  const key = m[1]!;
  const rest = line.slice(m[0].length);
  const v = /^\s*=\s*"([^"]*)"/.exec(rest);
  return { key, value: v && v[1] !== '' ? v[1]! : '' };
}

/**
 * qemu_config_parse() restricted to blkdebug's two groups: `[group]` or `[group "id"]` headers,
 * `key = "value"` lines, blank lines and lines starting with '#' skipped. Errors as QEMU words them.
 */
export function parseConfigText(text: string): RuleSection[] {
  const out: RuleSection[] = [];
  let cur: RuleSection | undefined;
  const lines = text.split(/(?<=\n)/);
  for (const line of lines) {
    if (line === '' || line[0] === '\n' || line[0] === '#') continue;
    const withId = /^\[(\S{1,63})\s*"[^"]{1,63}"/.exec(line);
    const plain = /^\[([^\]]{1,63})/.exec(line);
    if (withId || plain) {
      const name = withId ? withId[1]! : plain![1]!;
      if (!isSection(name)) throw new BlockError('EINVAL', `There is no option group '${name}'`);
      cur = { section: name, values: new Map() };
      out.push(cur);
      continue;
    }
    const kv = keyValue(line);
    if (!kv) throw new BlockError('EINVAL', 'parse error');
    if (!cur) throw new BlockError('EINVAL', 'no group defined');
    if (!SECTION_KEYS[cur.section].includes(kv.key)) throw new BlockError('EINVAL', `Invalid parameter '${kv.key}'`);
    checkValueType(kv.key, kv.value);
    cur.values.set(kv.key, kv.value);
  }
  return out;
}

/** QemuOpts parses numbers and bools when they are set: the same errors at the same time. */
export function checkValueType(key: string, value: string): void {
  if (['state', 'errno', 'sector', 'new_state'].includes(key) && parseOptNumber(value) === undefined) {
    throw new BlockError('EINVAL', `Parameter '${key}' expects a number`);
  }
  if ((key === 'once' || key === 'immediately') && parseOptBool(value) === undefined) {
    throw new BlockError('EINVAL', `Parameter '${key}' expects 'on' or 'off'`);
  }
}

/** qemu_strtou64 as QemuOpts numbers use it: decimal, 0x hex or 0 octal, '-' wraps around 2^64. */
export function parseOptNumber(text: string): bigint | undefined {
  const m = /^\s*(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const digits = m[2]!;
  const v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  if (v >= 1n << 64n) return undefined;
  return m[1] === '-' ? BigInt.asUintN(64, -v) : v;
}

export function parseOptBool(text: string): boolean | undefined {
  if (['on', 'yes', 'true', 'y'].includes(text)) return true;
  if (['off', 'no', 'false', 'n'].includes(text)) return false;
  return undefined;
}

/** The entries of a list option given as a JSON array or as dotted "0", "1", ... keys. */
function listEntries(v: QValue): { entries: QValue[]; rest: string[] } {
  if (Array.isArray(v)) return { entries: v, rest: [] };
  if (!isDict(v)) return { entries: [], rest: ['parse'] };
  const entries: QValue[] = [];
  const used = new Set<string>();
  for (let i = 0; v[String(i)] !== undefined; i++) {
    entries.push(v[String(i)]!);
    used.add(String(i));
  }
  const rest = Object.keys(v).filter((k) => !used.has(k));
  return { entries, rest };
}

function flatKeys(d: QDict, prefix: string): string[] {
  return Object.entries(d).flatMap(([k, v]) => (isDict(v) ? flatKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

/** qemu_config_parse_qdict() for one section: `inject-error.0.event=...` style options. */
export function sectionsFromOptions(section: SectionName, value: QValue | undefined): RuleSection[] {
  if (value === undefined) return [];
  const { entries, rest } = listEntries(value);
  const out: RuleSection[] = [];
  for (const entry of entries) {
    if (!isDict(entry)) throw new BlockError('EINVAL', 'parse error');
    const values = new Map<string, string>();
    for (const [k, v] of Object.entries(entry)) {
      const text = scalarText(v);
      if (!SECTION_KEYS[section].includes(k) || text === undefined) {
        throw new BlockError('EINVAL', `[${section}] section doesn't support the option '${k}'`);
      }
      checkValueType(k, text);
      values.set(k, text);
    }
    out.push({ section, values });
  }
  if (rest.length > 0) {
    const first = rest[0]!;
    if (!/^[0-9]+$/.test(first)) throw new BlockError('EINVAL', 'parse error');
    const sub = (value as QDict)[first]!;
    const key = isDict(sub) ? flatKeys(sub, `${first}.`)[0] ?? first : first;
    throw new BlockError('EINVAL', `Unused option '${key}' for [${section}]`);
  }
  return out;
}
