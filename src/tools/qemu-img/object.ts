// --object: QEMU's user-creatable objects as qemu-img accepts them (type and id checks, `help`, secrets), per invocation.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { splitOpts } from '../../util/qemu-opts.ts';
import { ExitStatus, type ImgContext } from './context.ts';

/** Every ObjectType the 7.2 schema knows; names outside it are refused as invalid values. */
const OBJECT_TYPES = new Set([
  'authz-list', 'authz-listfile', 'authz-pam', 'authz-simple', 'can-bus', 'can-host-socketcan', 'colo-compare',
  'cryptodev-backend', 'cryptodev-backend-builtin', 'cryptodev-backend-lkcf', 'cryptodev-vhost-user', 'dbus-vmstate',
  'filter-buffer', 'filter-dump', 'filter-mirror', 'filter-redirector', 'filter-replay', 'filter-rewriter',
  'input-barrier', 'input-linux', 'iothread', 'main-loop', 'memory-backend-epc', 'memory-backend-file',
  'memory-backend-memfd', 'memory-backend-ram', 'pef-guest', 'pr-manager-helper', 'qtest', 'rng-builtin', 'rng-egd',
  'rng-random', 's390-pv-guest', 'secret', 'secret_keyring', 'sev-guest', 'thread-context', 'throttle-group',
  'tls-creds-anon', 'tls-creds-psk', 'tls-creds-x509', 'tls-cipher-suites', 'x-remote-object', 'x-vfio-user-server',
]);

/** The types qemu-img itself can create, as `--object help` lists them. */
const CREATABLE = [
  'authz-list', 'authz-list-file', 'authz-simple', 'main-loop', 'pr-manager-helper', 'secret', 'secret_keyring',
  'thread-context', 'throttle-group', 'tls-cipher-suites', 'tls-creds-anon', 'tls-creds-psk', 'tls-creds-x509',
];

/** Properties `--object TYPE,help` lists, for the types whose list is known. */
const PROPERTIES: Record<string, string[]> = {
  secret: ['data=<string>', 'file=<string>', 'format=<QCryptoSecretFormat>', 'iv=<string>', 'keyid=<string>'],
  'authz-simple': ['identity=<string>'],
  'main-loop': ['aio-max-batch=<int>', 'thread-pool-max=<int>', 'thread-pool-min=<int>'],
};

function fail(ctx: ImgContext, msg: string, hint = ''): never {
  ctx.error(msg);
  if (hint) ctx.errRaw(hint);
  throw new ExitStatus(1);
}

/** user_creatable_process_cmdline(): create the object or exit; `help` prints and exits 0. */
export function processObject(ctx: ImgContext, text: string): void {
  const props = new Map<string, string>();
  let help = false;
  for (const p of splitOpts(text, 'qom-type')) {
    if (p.flag && (p.name === 'help' || p.name === '?')) help = true;
    else props.set(p.name, p.value);
  }
  const type = props.get('qom-type');
  if (type === 'help' || type === '?') {
    ctx.out('List of user creatable objects:\n' + CREATABLE.map((t) => `  ${t}\n`).join(''));
    throw new ExitStatus(0);
  }
  if (type === undefined) fail(ctx, "Parameter 'qom-type' is missing");
  if (!OBJECT_TYPES.has(type)) fail(ctx, `Parameter 'qom-type' does not accept value '${type}'`);
  if (help) {
    ctx.out(`${type} options:\n` + (PROPERTIES[type] ?? []).map((p) => `  ${p}\n`).join(''));
    throw new ExitStatus(0);
  }
  const id = props.get('id');
  if (id === undefined) fail(ctx, "Parameter 'id' is missing");
  if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(id)) {
    fail(ctx, "Parameter 'id' expects an identifier", "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n");
  }
  if (!CREATABLE.includes(type) && type !== 'authz-listfile') fail(ctx, `invalid object type: ${type}`);
  if (type === 'secret') checkSecret(ctx, props);
  if (ctx.objects.has(id)) fail(ctx, `attempt to add duplicate property '${id}' to object (type 'container')`);
  ctx.objects.add(id);
}

function checkSecret(ctx: ImgContext, props: Map<string, string>): void {
  const known = ['qom-type', 'id', 'data', 'file', 'format', 'iv', 'keyid', 'loaded'];
  for (const k of props.keys()) if (!known.includes(k)) fail(ctx, `Parameter '${k}' is unexpected`);
  const format = props.get('format');
  if (format !== undefined && format !== 'raw' && format !== 'base64') {
    fail(ctx, `Parameter 'format' does not accept value '${format}'`);
  }
  const data = props.get('data');
  const file = props.get('file');
  if (data !== undefined && file !== undefined) fail(ctx, "'file' and 'data' are mutually exclusive");
  if (data === undefined && file === undefined) fail(ctx, "Either 'file' or 'data' must be provided");
  let text = data;
  if (file !== undefined) {
    try {
      text = readFileSync(path.resolve(ctx.io.cwd, file), 'latin1');
    } catch {
      fail(ctx, `Unable to read ${file}: Failed to open file \u201c${file}\u201d: No such file or directory`);
    }
  }
  // qbase64_decode()'s checks: the alphabet, '=' and newlines only.
  if (format === 'base64' && text !== undefined) {
    if (text.includes('\0')) fail(ctx, 'Base64 data contains embedded NUL characters');
    if (!/^[A-Za-z0-9+/=\n]*$/.test(text)) fail(ctx, 'Base64 data contains invalid characters');
  }
  const keyid = props.get('keyid');
  if (keyid !== undefined && !ctx.objects.has(keyid)) fail(ctx, `No secret with id '${keyid}'`);
}
