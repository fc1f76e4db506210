// QEMU's JSON dialect: the parser behind json: pseudo-filenames and the writer whose key order follows QDict's hash buckets.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON text QEMU's parser refuses; `message` is QEMU's whole text ("JSON parse error, premature EOI"). */
export class JsonParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonParseError';
  }
}

/**
 * Parse like QEMU's json-parser: standard JSON plus single-quoted strings (with \' escapes).
 * Integers stay numbers (QEMU keeps them as QNum ints).
 */
export function parseQemuJson(text: string): JsonValue {
  const p: Cursor = { s: text, i: 0 };
  skipWs(p);
  if (p.i >= p.s.length) throw new JsonParseError('Expecting a JSON value');
  checkNesting(text);
  const v = parseValue(p);
  skipWs(p);
  if (p.i < p.s.length) throw new JsonParseError('Expecting at most one JSON value');
  return v;
}

/** json-streamer's MAX_NESTING: deeper input is refused before parsing (and keeps recursion bounded). */
const MAX_NESTING = 1024;

function checkNesting(text: string): void {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') {
      if (++depth > MAX_NESTING) throw new JsonParseError('JSON nesting depth limit exceeded');
    } else if (c === '}' || c === ']') depth--;
  }
}

interface Cursor {
  s: string;
  i: number;
}

function skipWs(p: Cursor): void {
  while (p.i < p.s.length && ' \t\n\r'.includes(p.s[p.i]!)) p.i++;
}

function parseValue(p: Cursor): JsonValue {
  skipWs(p);
  if (p.i >= p.s.length) throw new JsonParseError('JSON parse error, premature EOI');
  const c = p.s[p.i]!;
  if (c === '{') return parseObject(p);
  if (c === '[') return parseArray(p);
  if (c === '"' || c === "'") return parseString(p);
  if (c === '-' || (c >= '0' && c <= '9')) return parseNumber(p);
  const word = /^[a-zA-Z_]+/.exec(p.s.slice(p.i));
  if (word) {
    p.i += word[0].length;
    if (word[0] === 'true') return true;
    if (word[0] === 'false') return false;
    if (word[0] === 'null') return null;
    throw new JsonParseError(`JSON parse error, invalid keyword '${word[0]}'`);
  }
  throw new JsonParseError(`JSON parse error, stray '${c}'`);
}

function parseObject(p: Cursor): JsonValue {
  p.i++;
  const out: { [key: string]: JsonValue } = {};
  skipWs(p);
  if (p.s[p.i] === '}') {
    p.i++;
    return out;
  }
  for (;;) {
    skipWs(p);
    if (p.i >= p.s.length) throw new JsonParseError('JSON parse error, premature EOI');
    if (p.s[p.i] === '}') throw new JsonParseError('JSON parse error, expecting value');
    if (p.s[p.i] !== '"' && p.s[p.i] !== "'") {
      parseValue(p);
      throw new JsonParseError('JSON parse error, key is not a string in object');
    }
    const key = parseString(p);
    skipWs(p);
    if (p.i >= p.s.length) throw new JsonParseError('JSON parse error, premature EOI');
    if (p.s[p.i] !== ':') throw new JsonParseError('JSON parse error, missing : in object pair');
    p.i++;
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new JsonParseError('JSON parse error, duplicate key');
    out[key] = parseValue(p);
    skipWs(p);
    if (p.i >= p.s.length) throw new JsonParseError('JSON parse error, premature EOI');
    if (p.s[p.i] === ',') {
      p.i++;
      continue;
    }
    if (p.s[p.i] === '}') {
      p.i++;
      return out;
    }
    throw new JsonParseError("JSON parse error, expected separator in dict");
  }
}

function parseArray(p: Cursor): JsonValue {
  p.i++;
  const out: JsonValue[] = [];
  skipWs(p);
  if (p.s[p.i] === ']') {
    p.i++;
    return out;
  }
  for (;;) {
    skipWs(p);
    if (p.s[p.i] === ']') throw new JsonParseError('JSON parse error, expecting value');
    out.push(parseValue(p));
    skipWs(p);
    if (p.i >= p.s.length) throw new JsonParseError('JSON parse error, premature EOI');
    if (p.s[p.i] === ',') {
      p.i++;
      continue;
    }
    if (p.s[p.i] === ']') {
      p.i++;
      return out;
    }
    throw new JsonParseError('JSON parse error, expected separator in list');
  }
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '/': '/', '\\': '\\', '"': '"', "'": "'" };

function parseString(p: Cursor): string {
  const quote = p.s[p.i]!;
  p.i++;
  let out = '';
  const start = p.i - 1;
  for (;;) {
    if (p.i >= p.s.length) throw new JsonParseError(`JSON parse error, stray '${p.s.slice(start)}'`);
    const c = p.s[p.i]!;
    p.i++;
    if (c === quote) return out;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = p.s[p.i];
    p.i++;
    if (e === 'u') {
      const hex = p.s.slice(p.i, p.i + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonParseError('JSON parse error, invalid escape sequence in string');
      out += String.fromCharCode(parseInt(hex, 16));
      p.i += 4;
    } else if (e !== undefined && ESCAPES[e] !== undefined) {
      out += ESCAPES[e];
    } else {
      throw new JsonParseError('JSON parse error, invalid escape sequence in string');
    }
  }
}

function parseNumber(p: Cursor): number {
  const bad = /^-?0[0-9]+/.exec(p.s.slice(p.i));
  if (bad) throw new JsonParseError(`JSON parse error, stray '${bad[0]}'`);
  const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(p.s.slice(p.i));
  if (!m) throw new JsonParseError(`JSON parse error, stray '${p.s[p.i]}'`);
  p.i += m[0].length;
  return Number(m[0]);
}

/** tdb_hash() as QDict uses it to pick one of 512 buckets; iteration walks buckets in order. */
export function qdictBucket(key: string): number {
  const bytes = new TextEncoder().encode(key);
  let v = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) v = (v + ((bytes[i]! << ((i * 5) % 24)) >>> 0)) >>> 0;
  return ((Math.imul(1103515243, v) + 12345) >>> 0) % 512;
}

/** Keys in QDict iteration order: bucket ascending, later insertions first within a bucket. */
export function qdictKeyOrder(obj: { [key: string]: unknown }): string[] {
  return qdictOrder(Object.keys(obj).filter((k) => obj[k] !== undefined));
}

/** The same for a list of keys given in insertion order. */
export function qdictOrder(keys: string[]): string[] {
  const indexed = keys.map((k, i) => ({ k, i, b: qdictBucket(k) }));
  indexed.sort((a, b) => a.b - b.b || b.i - a.i);
  return indexed.map((e) => e.k);
}

/** QEMU's JSON string escaping: control characters and all non-ASCII as \uXXXX (upper-case hex, UTF-16 surrogates). */
export function quoteJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp >= 0x7f) {
      if (cp > 0xffff) {
        const hi = 0xd800 + ((cp - 0x10000) >> 10);
        const lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        out += `\\u${hex4(hi)}\\u${hex4(lo)}`;
      } else out += `\\u${hex4(cp)}`;
    } else out += ch;
  }
  return out + '"';
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function scalar(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteJsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : formatDouble(v);
  return '';
}

/** %.17g, as QEMU prints doubles. */
function formatDouble(v: number): string {
  let s = v.toPrecision(17);
  if (s.includes('e')) {
    const [m, e] = s.split('e') as [string, string];
    const mm = m.includes('.') ? m.replace(/\.?0+$/, '') : m;
    const en = Number(e);
    s = `${mm}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  } else if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  return s;
}

/** qobject_to_json(): compact form `{"a": 1, "b": [1, 2]}` with QDict key order. */
export function toQemuJson(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(toQemuJson).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${qdictKeyOrder(v).map((k) => `${quoteJsonString(k)}: ${toQemuJson(v[k]!)}`).join(', ')}}`;
  }
  return scalar(v);
}
