// --object: the user-creatable objects of qemu-io 7.2's build; secrets are checked with QEMU's messages, others accepted.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { errnoFromNode, strerror } from '../../util/errno.ts';
import { OptsError, splitOpts } from '../../util/qemu-opts.ts';

/** `--object help` of the Debian build, in its order. */
const OBJECT_TYPES = [
  'authz-list', 'authz-list-file', 'authz-simple', 'main-loop', 'pr-manager-helper', 'secret', 'secret_keyring',
  'thread-context', 'throttle-group', 'tls-cipher-suites', 'tls-creds-anon', 'tls-creds-psk', 'tls-creds-x509',
];

const SECRET_PARAMS = ['data', 'file', 'format', 'iv', 'keyid'];

/** What one --object asks for: nothing more, help text (then exit 0), or an error (exit 1). */
export type ObjectResult = { kind: 'ok' } | { kind: 'help'; text: string } | { kind: 'fail'; message: string };

/** `--object throttle-group,help`: its properties, in QEMU's (sorted) order. */
const THROTTLE_GROUP_OPTIONS = [
  'limits',
  'x-bps-read-max-length', 'x-bps-read-max', 'x-bps-read', 'x-bps-total-max-length', 'x-bps-total-max',
  'x-bps-total', 'x-bps-write-max-length', 'x-bps-write-max', 'x-bps-write', 'x-iops-read-max-length',
  'x-iops-read-max', 'x-iops-read', 'x-iops-size', 'x-iops-total-max-length', 'x-iops-total-max',
  'x-iops-total', 'x-iops-write-max-length', 'x-iops-write-max', 'x-iops-write',
];

function typeList(): ObjectResult {
  return { kind: 'help', text: 'List of user creatable objects:\n' + OBJECT_TYPES.map((t) => `  ${t}\n`).join('') };
}

/** QOM types QAPI knows (so the type name is accepted) that this build does not have. */
const ABSENT_TYPES = [
  'cryptodev-backend', 'cryptodev-backend-builtin', 'iothread', 'memory-backend-file', 'memory-backend-memfd', 'memory-backend-ram', 'rng-builtin', 'rng-random',
];

/** What qbase64_decode() accepts before decoding. */
const BASE64_CHARS = /^[A-Za-z0-9+/=\n]*$/;

/** The secrets defined so far in this invocation, by id: their data as given and its format. */
export type Secrets = Map<string, { data: string; format: string }>;

/** QAPI's id check: a letter, then letters, digits, '-', '.', '_'. */
function idError(id: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9._-]*$/.test(id)) return undefined;
  return "Parameter 'id' expects an identifier\nIdentifiers consist of letters, digits, '-', '.', '_', starting with a letter.";
}

function byteLength(data: string, format: string): number {
  return format === 'base64' ? Buffer.from(data, 'base64').length : Buffer.byteLength(data, 'latin1');
}

/**
 * An encrypted secret (keyid): the key must exist and hold 32 bytes (AES-256-CBC), the base64 IV
 * 16 bytes, the data whole blocks. Decryption itself is not needed: no format here uses secrets.
 */
function keyError(keyid: string, iv: string | undefined, data: string, format: string, secrets: Secrets): string | undefined {
  const key = secrets.get(keyid);
  if (!key) return `No secret with id '${keyid}'`;
  if (byteLength(key.data, key.format) !== 32) return 'Key should be 32 bytes in length';
  if (iv === undefined) return 'IV is required to decrypt secret';
  if (!BASE64_CHARS.test(iv)) return 'Base64 data contains invalid characters';
  const ivBytes = byteLength(iv, 'base64');
  if (ivBytes !== 16) return `IV should be 16 bytes in length not ${ivBytes}`;
  const n = byteLength(data, format);
  return n % 16 === 0 ? undefined : `Length ${n} must be a multiple of block size 16`;
}

function checkSecret(opts: Map<string, string>, cwd: string, secrets: Secrets): string | undefined {
  const format = opts.get('format') ?? 'raw';
  if (format !== 'raw' && format !== 'base64') return `Parameter 'format' does not accept value '${format}'`;
  for (const name of opts.keys()) {
    if (name !== 'qom-type' && name !== 'id' && name !== 'loaded' && !SECRET_PARAMS.includes(name)) {
      return `Parameter '${name}' is unexpected`;
    }
  }
  if (!opts.has('data') && !opts.has('file')) return "Either 'file' or 'data' must be provided";
  const file = opts.get('file');
  let data = opts.get('data');
  if (file !== undefined && data === undefined) {
    try {
      data = readFileSync(resolve(cwd, file), 'latin1');
    } catch (e) {
      // glib's g_file_get_contents() wording, curly quotes included.
      const errno = errnoFromNode(e);
      const what = errno === 'EISDIR' ? 'Error reading file' : 'Failed to open file';
      return `Unable to read ${file}: ${what} \u201c${file}\u201d: ${strerror(errno)}`;
    }
  }
  const keyid = opts.get('keyid');
  if (keyid !== undefined) {
    const err = keyError(keyid, opts.get('iv'), data ?? '', format, secrets);
    if (err) return err;
  }
  if (format === 'base64' && !BASE64_CHARS.test(data ?? '')) return 'Base64 data contains invalid characters';
  secrets.set(opts.get('id')!, { data: data ?? '', format });
  return undefined;
}

/** QAPI members some types require, in the order QAPI visits them. */
const REQUIRED_MEMBERS: Record<string, string[]> = {
  'authz-simple': ['identity'], 'pr-manager-helper': ['path'], 'memory-backend-file': ['size', 'mem-path'],
  'memory-backend-memfd': ['size'], 'memory-backend-ram': ['size'],
};

/** QAPI's member checks for the types that have any we model: a required one missing, an unknown one given. */
function memberError(type: string, opts: Map<string, string>): string | undefined {
  const missing = (REQUIRED_MEMBERS[type] ?? []).find((m) => !opts.has(m));
  if (missing) return `Parameter '${missing}' is missing`;
  if (type !== 'throttle-group') return undefined;
  const known = ['qom-type', 'id', ...THROTTLE_GROUP_OPTIONS, ...THROTTLE_GROUP_OPTIONS.map((o) => `limits.${o.slice(2)}`)];
  const unknown = [...opts.keys()].find((k) => !known.includes(k));
  return unknown === undefined ? undefined : `Parameter '${unknown}' is unexpected`;
}

/**
 * One --object definition ("secret,id=sec0,data=..."). Secrets are accepted and otherwise
 * unused (no encrypted formats here); other types of the build are accepted unchecked.
 * `ids` holds the ids taken so far in this invocation (a repeated id is refused).
 */
export function checkObject(def: string, cwd: string, ids: Set<string>, secrets: Secrets = new Map()): ObjectResult {
  // keyval: an empty first element is a parameter without a name.
  if (def.startsWith(',')) return { kind: 'fail', message: "Invalid parameter ''" };
  let pairs;
  try {
    pairs = splitOpts(def, 'qom-type');
  } catch (e) {
    if (e instanceof OptsError) return { kind: 'fail', message: e.message };
    throw e;
  }
  const opts = new Map(pairs.map((p) => [p.name, p.value]));
  const type = opts.get('qom-type');
  if (type === undefined) return { kind: 'fail', message: "Parameter 'qom-type' is missing" };
  if (type === 'help') return typeList();
  const absent = ABSENT_TYPES.includes(type);
  if (!OBJECT_TYPES.includes(type) && !absent) return { kind: 'fail', message: `Parameter 'qom-type' does not accept value '${type}'` };
  if (absent && opts.has('help')) return typeList();
  if (type === 'throttle-group' && opts.has('help')) {
    return { kind: 'help', text: 'throttle-group options:\n' + THROTTLE_GROUP_OPTIONS.map((o) => `  ${o}=<${o === 'limits' ? 'ThrottleLimits' : 'int'}>\n`).join('') };
  }
  if (type === 'secret' && opts.has('help')) {
    return { kind: 'help', text: 'secret options:\n  data=<string>\n  file=<string>\n  format=<QCryptoSecretFormat>\n  iv=<string>\n  keyid=<string>\n' };
  }
  // QAPI checks the members (the id's presence first, its form last) before the type is looked up;
  // the object then joins /objects under its id.
  const id = opts.get('id');
  if (id === undefined) return opts.has('help') ? { kind: 'ok' } : { kind: 'fail', message: "Parameter 'id' is missing" };
  const member = memberError(type, opts);
  if (member) return { kind: 'fail', message: member };
  const bad = idError(id);
  if (bad) return { kind: 'fail', message: bad };
  if (absent) return { kind: 'fail', message: `invalid object type: ${type}` };
  if (type === 'main-loop') return { kind: 'fail', message: 'qemu aio context not ready' };
  if (!opts.has('help')) {
    if (ids.has(id)) return { kind: 'fail', message: `attempt to add duplicate property '${id}' to object (type 'container')` };
    ids.add(id);
  }
  if (type !== 'secret') return { kind: 'ok' };
  const err = checkSecret(opts, cwd, secrets);
  return err === undefined ? { kind: 'ok' } : { kind: 'fail', message: err };
}
