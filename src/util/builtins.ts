// Node built-ins that only some commands need (zlib, crypto, child_process, tty), loaded on first use so start-up pays for none of them.

import { createRequire } from 'node:module';

/** require() relative to this module (bundled: relative to the bundle, whose `import.meta.url` the build defines). */
export const lazyRequire = createRequire(import.meta.url);

export const zlib = (): typeof import('node:zlib') => lazyRequire('node:zlib');
export const crypto = (): typeof import('node:crypto') => lazyRequire('node:crypto');
export const tty = (): typeof import('node:tty') => lazyRequire('node:tty');
export const childProcess = (): typeof import('node:child_process') => lazyRequire('node:child_process');
