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

function checkSecret(opts: Map<string, string>, cwd: string): string | undefined {
  if (!opts.has('id')) return "Parameter 'id' is missing";
  for (const name of opts.keys()) {
    if (name !== 'qom-type' && name !== 'id' && name !== 'loaded' && !SECRET_PARAMS.includes(name)) {
      return `Parameter '${name}' is unexpected`;
    }
  }
  if (!opts.has('data') && !opts.has('file')) return "Either 'file' or 'data' must be provided";
  const file = opts.get('file');
  if (file !== undefined && !opts.has('data')) {
    try {
      readFileSync(resolve(cwd, file));
    } catch (e) {
      // glib's g_file_get_contents() wording, curly quotes included.
      const errno = errnoFromNode(e);
      const what = errno === 'EISDIR' ? 'Error reading file' : 'Failed to open file';
      return `Unable to read ${file}: ${what} \u201c${file}\u201d: ${strerror(errno)}`;
    }
  }
  return undefined;
}

/**
 * One --object definition ("secret,id=sec0,data=..."). Secrets are accepted and otherwise
 * unused (no encrypted formats here); other types of the build are accepted unchecked.
 * `ids` holds the ids taken so far in this invocation (a repeated id is refused).
 */
export function checkObject(def: string, cwd: string, ids: Set<string>): ObjectResult {
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
  if (type === 'help') {
    return { kind: 'help', text: 'List of user creatable objects:\n' + OBJECT_TYPES.map((t) => `  ${t}\n`).join('') };
  }
  if (!OBJECT_TYPES.includes(type)) return { kind: 'fail', message: `Parameter 'qom-type' does not accept value '${type}'` };
  // The object joins /objects under its id before it is completed (and a secret checked).
  const id = opts.get('id');
  if (id !== undefined && !opts.has('help')) {
    if (ids.has(id)) return { kind: 'fail', message: `attempt to add duplicate property '${id}' to object (type 'container')` };
    ids.add(id);
  }
  if (type !== 'secret') return { kind: 'ok' };
  if (opts.has('help')) {
    return { kind: 'help', text: 'secret options:\n  data=<string>\n  file=<string>\n  format=<QCryptoSecretFormat>\n  iv=<string>\n  keyid=<string>\n' };
  }
  const err = checkSecret(opts, cwd);
  return err === undefined ? { kind: 'ok' } : { kind: 'fail', message: err };
}
