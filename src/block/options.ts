// Typed reading of a node's runtime options (QEMU's QemuOpts absorbed from the open QDict), recording what was taken.

import type { QDict, QValue } from './driver.ts';
import { BlockError } from './errors.ts';
import { parseSize } from '../util/size.ts';
import { qemuStrtou64 } from '../util/qemu-opts.ts';
import { OWN_VALUE } from './open-options.ts';

const SIZE_HINT =
  '\nOptional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.';

/** A scalar option value as QemuOpts sees it (json numbers and booleans become their text). */
export function scalarText(v: QValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return undefined;
}

/** QEMU's qapi_bool_parse(): on/yes/true/y and off/no/false/n. */
export function parseBoolText(text: string): boolean | undefined {
  if (['on', 'yes', 'true', 'y'].includes(text)) return true;
  if (['off', 'no', 'false', 'n'].includes(text)) return false;
  return undefined;
}

/**
 * One node's options. Drivers take the keys they understand (each getter marks the key
 * consumed); after open() the open path rejects whatever is left with QEMU's
 * "does not support the option" error. Children (`file`, `backing`, ...) are taken by
 * the open path through OpenContext.openChild, not here.
 */
export class OptionReader {
  private readonly consumed = new Set<string>();

  constructor(readonly dict: QDict) {}

  has(key: string): boolean {
    return this.dict[key] !== undefined;
  }

  /** Take a value as is (marks it consumed). */
  take(key: string): QValue | undefined {
    const v = this.dict[key];
    if (v !== undefined) this.consumed.add(key);
    return v;
  }

  /**
   * A string option; json numbers/bools are accepted as their text, null counts as absent. A
   * dictionary (or a flattened list) under this name is not a value: it stays for the leftover
   * check ("does not support the option 'offset.0'"), as with QEMU's flattened QDict.
   */
  string(key: string): string | undefined {
    const v = this.dict[key];
    const group = v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
    if (group && group[OWN_VALUE] !== undefined) {
      // The scalar beside dotted keys of the same name: taken, the dotted keys stay for the leftover check.
      const own = group[OWN_VALUE];
      delete group[OWN_VALUE];
      return own === null ? undefined : scalarText(own);
    }
    if (v === undefined || (v !== null && typeof v === 'object')) return undefined;
    this.consumed.add(key);
    if (v === null) return undefined;
    return scalarText(v);
  }

  /** An on/off option ("Parameter 'x' expects 'on' or 'off'"). */
  bool(key: string): boolean | undefined {
    const t = this.string(key);
    if (t === undefined) return undefined;
    const b = parseBoolText(t);
    if (b === undefined) throw new BlockError('EINVAL', `Parameter '${key}' expects 'on' or 'off'`);
    return b;
  }

  /** A size with optional suffix ("Parameter 'x' expects a non-negative number below 2^64" + hint). */
  size(key: string): number | undefined {
    const v = this.dict[key];
    const t = typeof v === 'boolean' ? 'x' : this.string(key);
    if (typeof v === 'boolean') this.consumed.add(key);
    if (t === undefined) return undefined;
    const r = parseSize(t);
    if (!r.ok && r.error === 'ERANGE') throw new BlockError('ERANGE', `Value '${t}' is out of range for parameter '${key}'`);
    if (!r.ok) {
      throw new BlockError('EINVAL', `Parameter '${key}' expects a non-negative number below 2^64${SIZE_HINT}`);
    }
    return Number(r.value);
  }

  /** An unsigned number as parse_option_number reads it ("Parameter 'x' expects a number"). */
  number(key: string): number | undefined {
    const t = this.string(key);
    if (t === undefined) return undefined;
    const r = qemuStrtou64(t);
    if (r === 'ERANGE') throw new BlockError('ERANGE', `Value '${t}' is too large for parameter '${key}'`);
    if (r === 'EINVAL') throw new BlockError('EINVAL', `Parameter '${key}' expects a number`);
    return Number(r);
  }

  /** One of a fixed set of values; QAPI's "invalid parameter value: x" when not. */
  choice<T extends string>(key: string, values: readonly T[]): T | undefined {
    const t = this.string(key);
    if (t === undefined) return undefined;
    if (!(values as readonly string[]).includes(t)) throw new BlockError('EINVAL', `invalid parameter value: ${t}`);
    return t as T;
  }

  /** Mark a key consumed without reading it (children handled elsewhere). */
  consume(key: string): void {
    this.consumed.add(key);
  }

  /** Undo a consume: the key counts as unused again (left for the "does not support" check). */
  unconsume(key: string): void {
    this.consumed.delete(key);
  }

  /** Keys present but not taken, as dotted paths in QEMU's order of report. */
  leftovers(): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(this.dict)) {
      if (this.consumed.has(k) || v === undefined) continue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        for (const sub of flatKeys(v, k)) out.push(sub);
      } else out.push(k);
    }
    return out;
  }
}

/** qdict_flatten() keeps an empty dictionary (or list) as an entry of its own; a scalar beside dotted keys comes after them, as QEMU reports. */
function flatKeys(d: QDict, prefix: string): string[] {
  if (Object.keys(d).length === 0) return [prefix];
  const out: string[] = [];
  for (const [k, v] of Object.entries(d)) {
    if (k === OWN_VALUE) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...flatKeys(v, `${prefix}.${k}`));
    else out.push(`${prefix}.${k}`);
  }
  if (d[OWN_VALUE] !== undefined) out.push(prefix);
  return out;
}
