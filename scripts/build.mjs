// Bundles bin/entry/*.mts into dist/qemu-img.cjs and dist/qemu-io.cjs (esbuild; one self-contained file per tool),
// each with a V8 code cache in dist/chunks/ (scripts/code-cache.mjs; bin/run-bundle.cjs explains why).
//   node scripts/build.mjs               build, fail loudly
//   node scripts/build.mjs --if-possible build, but only warn on failure (npm's `prepare` on a half-built tree)
// Several ./check runs may build at once while others run the shims, so dist/ is never half-written:
// content-hashed chunks (and code caches) are added first, then each entry is renamed into place.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheTag } from '../bin/run-bundle.cjs';

const TOOLS = ['qemu-img', 'qemu-io'];
/** Chunks no longer produced are deleted only this long after they were written (a running tool may still load one). */
const STALE_CHUNK_MS = 10 * 60 * 1000;

/** Newest modification time (ms) of the .ts/.mjs files under `dirs`. */
function newestSource(root, dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  dirs.filter((d) => existsSync(join(root, d))).forEach((d) => walk(join(root, d)));
  return newest;
}

/** Whether every bundle exists and is newer than all sources. */
function upToDate(root, tools) {
  const entries = tools.map((t) => join(root, 'dist', `${t}.cjs`));
  if (!entries.every((e) => existsSync(e))) return false;
  const built = Math.min(...entries.map((e) => statSync(e).mtimeMs));
  return newestSource(root, ['src', 'bin', 'scripts']) < built;
}

/** Move a finished build from `tmp` into `outdir`: chunks first, entries last (each rename is atomic). */
function install(tmp, outdir, outputs) {
  mkdirSync(join(outdir, 'chunks'), { recursive: true });
  const files = outputs.map((o) => relative(tmp, o));
  for (const f of files.filter((f) => f.startsWith('chunks/'))) renameSync(join(tmp, f), join(outdir, f));
  for (const f of files.filter((f) => !f.startsWith('chunks/'))) renameSync(join(tmp, f), join(outdir, f));
  const keep = new Set(files);
  for (const name of readdirSync(join(outdir, 'chunks'))) {
    const p = join(outdir, 'chunks', name);
    if (!keep.has(`chunks/${name}`) && Date.now() - statSync(p).mtimeMs > STALE_CHUNK_MS) rmSync(p, { force: true });
  }
}

/**
 * Tag `bundle` with the hash of its text and make its code cache in `chunksDir` (a fresh node
 * process runs warm-up commands with default flags); the cache's path, or undefined when the
 * warm-up failed (the tools then compile at start-up, as without a cache).
 */
function addCodeCache(bundle, chunksDir) {
  const hash = createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 16);
  appendFileSync(bundle, cacheTag(hash));
  mkdirSync(chunksDir, { recursive: true });
  const cache = join(chunksDir, `${basename(bundle, '.cjs')}-${hash}.cache`);
  const { NODE_OPTIONS: _, ...env } = process.env;
  try {
    execFileSync(process.execPath, [fileURLToPath(new URL('./code-cache.mjs', import.meta.url)), bundle, cache], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    return cache;
  } catch (e) {
    console.warn(`build: no code cache for ${bundle}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/**
 * Build the bundles of every tool whose main exists; returns the tools bundled.
 * With `ifStale`, an up-to-date dist/ is left alone.
 */
export async function build(root = dirname(dirname(fileURLToPath(import.meta.url))), { ifStale = false } = {}) {
  const tools = TOOLS.filter((t) => existsSync(join(root, 'src/tools', t, 'main.ts')));
  const outdir = join(root, 'dist');
  for (const t of TOOLS.filter((t) => !tools.includes(t))) rmSync(join(outdir, `${t}.cjs`), { force: true });
  if (tools.length === 0 || (ifStale && upToDate(root, tools))) return tools;
  const { build: esbuild } = await import('esbuild');
  const tmp = join(outdir, `.build-${process.pid}-${Date.now()}`);
  try {
    const result = await esbuild({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(tools.map((t) => [t, join(root, 'bin/entry', `${t}.mts`)])),
      outdir: tmp,
      outExtension: { '.js': '.cjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      // One file per tool: resolving and linking many small ESM chunks cost more start-up time
      // (~15 ms of ~50 over `node -e 0`) than V8's lazy parse of the code a command does not run.
      splitting: false,
      // CommonJS, so that bin/run-bundle.cjs can compile it with a code cache (vm.Script); the one
      // import.meta use (createRequire's base) gets the bundle's own path.
      format: 'cjs',
      define: { 'import.meta.url': '__filename' },
      platform: 'node',
      target: 'node20',
      minifySyntax: true,
      minifyWhitespace: true,
      minifyIdentifiers: true,
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.keys(result.metafile.outputs).map((o) => join(root, o));
    outputs.push(...tools.map((t) => addCodeCache(join(tmp, `${t}.cjs`), join(tmp, 'chunks'))).filter((c) => c !== undefined));
    install(tmp, outdir, outputs);
    // Bundles of the former ES-module layout would only mislead.
    for (const t of tools) rmSync(join(outdir, `${t}.mjs`), { force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return tools;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lenient = process.argv.includes('--if-possible');
  try {
    const built = await build();
    const skipped = TOOLS.filter((t) => !built.includes(t));
    if (skipped.length > 0) console.warn(`build: no main yet for ${skipped.join(', ')}; not bundled`);
  } catch (e) {
    console.error(`build: ${e instanceof Error ? e.message : String(e)}`);
    if (!lenient) process.exitCode = 1;
  }
}
