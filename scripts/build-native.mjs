// Builds the native file helper (native/fsops.c → build/Release/qemu_fsops.node) with node-gyp; npm runs it on install.
//   node scripts/build-native.mjs
// The addon only saves time (src/util/native-addon.ts): without it the file protocol asks perl
// or python3, so a failed build (no compiler, no Node headers) warns and exits 0 rather than
// failing the install.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** node-gyp's script: the one npm names for install scripts, else the one bundled with npm beside this node. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((p) => p && existsSync(p));
}

const gyp = nodeGyp();
if (process.platform !== 'linux') {
  // SEEK_DATA/SEEK_HOLE and fallocate as used here are Linux's.
} else if (!gyp) {
  console.warn('qemu-block-tools: node-gyp not found; the native file helper is not built (perl or python3 serve instead)');
} else {
  const r = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    console.warn(`qemu-block-tools: the native file helper did not build (perl or python3 serve instead):\n${tail}`);
  }
}
