// --object: the user-creatable objects qemu-io can use without a VM (secrets), checked with QEMU's messages.

import { OptsError, splitOpts } from '../../util/qemu-opts.ts';

const SECRET_PARAMS = new Set(['id', 'data', 'file', 'format', 'keyid', 'iv', 'loaded']);

/**
 * Validate one --object definition ("secret,id=sec0,data=..."); returns QEMU's error text, or
 * undefined when the object is acceptable. Secrets are accepted and otherwise unused (no
 * encrypted formats here).
 */
export function checkObject(def: string): string | undefined {
  let pairs;
  try {
    pairs = splitOpts(def, 'qom-type');
  } catch (e) {
    if (e instanceof OptsError) return e.message;
    throw e;
  }
  const opts = new Map(pairs.map((p) => [p.name, p.value]));
  const type = opts.get('qom-type');
  if (type === undefined) return "Parameter 'qom-type' is missing";
  if (type !== 'secret') return `Parameter 'qom-type' does not accept value '${type}'`;
  if (!opts.has('id')) return "Parameter 'id' is missing";
  for (const name of opts.keys()) {
    if (name !== 'qom-type' && !SECRET_PARAMS.has(name)) return `Parameter '${name}' is unexpected`;
  }
  if (!opts.has('data') && !opts.has('file')) return "Either 'file' or 'data' must be provided";
  return undefined;
}
