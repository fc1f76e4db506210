// QEMU's QemuOpts option strings ("a=1,b=x,,y,flag"): splitting with ",," escaping, typed validation and printing.

import { parseSize } from './size.ts';

/** One `name=value` element, in the order given (a later duplicate overrides an earlier one). */
export interface OptPair {
  name: string;
  value: string;
  /** The element was a bare flag ("foo" → on, "nofoo" → off). */
  flag?: boolean;
}

/** A failure with QEMU's wording (error_setg text plus optional hint lines). */
export class OptsError extends Error {
  constructor(
    message: string,
    readonly hint = '',
  ) {
    super(message);
    this.name = 'OptsError';
  }
}

/** Read a value up to an unescaped ',' (",," stands for one comma); returns [value, index after it]. */
function readValue(s: string, i: number): [string, number] {
  let out = '';
  while (i < s.length) {
    if (s[i] === ',') {
      if (s[i + 1] !== ',') break;
      out += ',';
      i += 2;
      continue;
    }
    out += s[i];
    i++;
  }
  return [out, i];
}

/**
 * Split like opts_do_parse()/get_opt_name_value(). `impliedName` is the option an initial
 * element without '=' belongs to (e.g. qom-type); otherwise such elements are flags.
 */
export function splitOpts(params: string, impliedName?: string): OptPair[] {
  const out: OptPair[] = [];
  let i = 0;
  let first = impliedName;
  while (i < params.length) {
    const rest = params.slice(i);
    const m = /^[^=,]*/.exec(rest)!;
    const len = m[0].length;
    if (first !== undefined && rest[len] !== '=') {
      const [value, next] = readValue(params, i);
      out.push({ name: first, value });
      i = next;
    } else {
      const name = m[0];
      i += len;
      if (params[i] === '=') {
        const [value, next] = readValue(params, i + 1);
        out.push({ name, value });
        i = next;
      } else if (name.startsWith('no')) {
        out.push({ name: name.slice(2), value: 'off', flag: true });
      } else {
        out.push({ name, value: 'on', flag: true });
      }
    }
    first = undefined;
    if (params[i] === ',') i++;
  }
  return out;
}

/** qemu-img's is_valid_option_list(): no empty elements, no trailing lone comma. */
export function isValidOptionList(list: string): boolean {
  if (list === '' || list.startsWith(',')) return false;
  // A trailing comma is only fine when it is an escaped ",,".
  let i = list.length;
  let commas = 0;
  while (i > 0 && list[i - 1] === ',') {
    commas++;
    i--;
  }
  return commas % 2 === 0;
}

/** Does the list ask for help ("help" or "?" as an element)? (has_help_option) */
export function hasHelpOption(list: string): boolean {
  return splitOpts(list).some((p) => p.flag === true && (p.name === 'help' || p.name === '?'));
}

export type OptType = 'size' | 'string' | 'bool' | 'number';

export interface OptDesc {
  name: string;
  type: OptType;
  help?: string;
  defaultValue?: string;
}

/** A parsed, typed option (what QemuOpt holds: the text as given and the parsed value). */
export interface TypedOpt {
  desc: OptDesc;
  /** The text as given ("64k", "on"). */
  text: string;
  /** Parsed value: bigint for size/number, boolean for bool, string otherwise. */
  value: bigint | boolean | string;
}

const U64 = 1n << 64n;

/**
 * qemu_strtou64(s, NULL, 0): strtoull with base 0 (0x hex, leading-0 octal, decimal), leading
 * white space and a sign allowed ('-' wraps modulo 2^64, as strtoull does), nothing after.
 */
export function qemuStrtou64(text: string): bigint | 'EINVAL' | 'ERANGE' {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return 'EINVAL';
  const digits = m[2]!;
  const v = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  if (v >= U64) return 'ERANGE';
  return m[1] === '-' ? (U64 - v) % U64 : v;
}

export const SIZE_HINT =
  'Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\nand exabytes, respectively.\n';

/** Parse one value by its descriptor with QEMU's errors (parse_option_bool/number/size). */
export function parseTyped(desc: OptDesc, text: string): TypedOpt {
  switch (desc.type) {
    case 'bool': {
      if (['on', 'yes', 'true', 'y'].includes(text)) return { desc, text, value: true };
      if (['off', 'no', 'false', 'n'].includes(text)) return { desc, text, value: false };
      throw new OptsError(`Parameter '${desc.name}' expects 'on' or 'off'`);
    }
    case 'number': {
      const r = qemuStrtou64(text);
      if (r === 'ERANGE') throw new OptsError(`Value '${text}' is too large for parameter '${desc.name}'`);
      if (r === 'EINVAL') throw new OptsError(`Parameter '${desc.name}' expects a number`);
      return { desc, text, value: r };
    }
    case 'size': {
      const r = parseSize(text);
      if (!r.ok && r.error === 'ERANGE') throw new OptsError(`Value '${text}' is out of range for parameter '${desc.name}'`);
      if (!r.ok) throw new OptsError(`Parameter '${desc.name}' expects a non-negative number below 2^64`, SIZE_HINT);
      return { desc, text, value: r.value };
    }
    default:
      return { desc, text, value: text };
  }
}

/**
 * Validate pairs against descriptors (qemu_opts_do_parse into a list with descs):
 * "Invalid parameter 'x'" for unknown names; later duplicates win.
 */
export function validateOpts(pairs: readonly OptPair[], descs: readonly OptDesc[]): Map<string, TypedOpt> {
  const out = new Map<string, TypedOpt>();
  for (const p of pairs) {
    const desc = descs.find((d) => d.name === p.name);
    if (!desc) throw new OptsError(`Invalid parameter '${p.name}'`);
    out.delete(p.name);
    out.set(p.name, parseTyped(desc, p.value));
  }
  return out;
}

/** Escape a value for an option string (',' → ',,'), as escaped_print does. */
export function escapeOptValue(v: string): string {
  return v.replace(/,/g, ',,');
}

/** qemu_opts_print(): every descriptor in order with its value or default; sizes/numbers as integers. */
export function printOpts(opts: ReadonlyMap<string, TypedOpt>, descs: readonly OptDesc[], sep = ' '): string {
  const parts: string[] = [];
  for (const d of descs) {
    const o = opts.get(d.name);
    const text = o ? o.text : d.defaultValue;
    if (text === undefined) continue;
    if (d.type === 'string') parts.push(`${d.name}=${escapeOptValue(text)}`);
    else if ((d.type === 'size' || d.type === 'number') && o) parts.push(`${d.name}=${BigInt.asIntN(64, o.value as bigint)}`);
    else parts.push(`${d.name}=${text}`);
  }
  return parts.join(sep);
}
