// Bundles bin/entry/*.ts into dist/qemu-img.mjs and dist/qemu-io.mjs (esbuild; shared code split into dist/chunks/).
//   node scripts/build.mjs               build, fail loudly
//   node scripts/build.mjs --if-possible build, but only warn on failure (npm's `prepare` on a half-built tree)

import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TOOLS = ['qemu-img', 'qemu-io'];

/** Build the bundles of every tool whose main exists; returns the tools built. */
export async function build(root = dirname(dirname(fileURLToPath(import.meta.url)))) {
  const { build: esbuild } = await import('esbuild');
  const tools = TOOLS.filter((t) => existsSync(join(root, 'src/tools', t, 'main.ts')));
  const missing = TOOLS.filter((t) => !tools.includes(t));
  const outdir = join(root, 'dist');
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  for (const t of missing) rmSync(join(outdir, `${t}.mjs`), { force: true });
  if (tools.length === 0) return [];
  await esbuild({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(tools.map((t) => [t, join(root, 'bin/entry', `${t}.ts`)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
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
