// QEMU's pretty JSON output (qobject_to_json_pretty): 4-space indents, QDict iteration order, QEMU's string escapes.

import { qdictOrder, quoteJsonString as quoteString } from '../../util/json.ts';

export { qdictOrder, quoteString };

/** A JSON value as qemu-img builds it; bigint for 64-bit integers, object key order = insertion order. */
export type QJson = string | number | bigint | boolean | null | QJson[] | { [key: string]: QJson | undefined };

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
