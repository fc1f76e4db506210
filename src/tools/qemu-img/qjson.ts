// QEMU's pretty JSON output (qobject_to_json_pretty): 4-space indents, QDict iteration order, QEMU's string escapes.

/** A JSON value as qemu-img builds it; bigint for 64-bit integers, object key order = insertion order. */
export type QJson = string | number | bigint | boolean | null | QJson[] | { [key: string]: QJson | undefined };

/** Buckets of QEMU's QDict; iteration visits bucket 0 first. */
const QDICT_BUCKETS = 512;

/** The bucket a key lands in: the TDB string hash QDict uses, taken modulo the bucket count. */
export function qdictBucket(key: string): number {
  const bytes = new TextEncoder().encode(key);
  let value = Math.imul(0x238f13af, bytes.length) >>> 0;
  for (let i = 0; i < bytes.length; i++) value = (value + (bytes[i]! << ((i * 5) % 24))) >>> 0;
  return ((Math.imul(1103515243, value) + 12345) >>> 0) % QDICT_BUCKETS;
}

/** Keys in the order QEMU prints a QDict: by bucket; within a bucket the latest insertion first. */
export function qdictOrder(keys: string[]): string[] {
  return keys
    .map((k, i) => ({ k, i, b: qdictBucket(k) }))
    .sort((x, y) => x.b - y.b || y.i - x.i)
    .map((e) => e.k);
}

/** QEMU's JSON string escaping: control characters and all non-ASCII as \uXXXX (upper-case hex, UTF-16). */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function render(v: QJson, indent: number): string {
  const pad = (n: number) => '\n' + '    '.repeat(n);
  if (v === null) return 'null';
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    const items = v.map((e) => pad(indent + 1) + render(e, indent + 1));
    return '[' + items.join(',') + pad(indent) + ']';
  }
  const keys = qdictOrder(Object.keys(v).filter((k) => v[k] !== undefined));
  const items = keys.map((k) => pad(indent + 1) + quoteString(k) + ': ' + render(v[k]!, indent + 1));
  return '{' + items.join(',') + pad(indent) + '}';
}

/** The text qemu-img prints for --output=json (without the trailing newline it adds). */
export function toPrettyJson(v: QJson): string {
  return render(v, 0);
}

/** Compact JSON as QEMU writes json: pseudo-filenames ({"a": 1, "b": "x"}), keys in insertion order. */
export function toCompactJson(v: QJson): string {
  if (v === null || typeof v !== 'object') return render(v, 0);
  if (Array.isArray(v)) return '[' + v.map(toCompactJson).join(', ') + ']';
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  return '{' + keys.map((k) => quoteString(k) + ': ' + toCompactJson(v[k]!)).join(', ') + '}';
}
