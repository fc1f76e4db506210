// Compares the files two runs left behind: raw bytes exactly, qcow2 by guest content and consistency when bytes differ.

import { closeSync, openSync, readSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sh } from './exec.mjs';

/** Files above this size are compared with `qemu-img compare` (sparse-aware) plus their sizes, not read whole. */
const READ_LIMIT = 64 * 1024 * 1024;

function isQcow2(path) {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.toString('latin1') === 'QFI\xfb';
  } finally {
    closeSync(fd);
  }
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

/**
 * Differences between the files in `realDir` and `oursDir`: { hard: [...], soft: [...] }.
 * Hard: missing/extra files, raw content, qcow2 guest content or a failing check. Soft: qcow2 bytes only.
 */
export async function compareImages(realDir, oursDir, realTool) {
  const hard = [];
  const soft = [];
  const a = listFiles(realDir);
  const b = listFiles(oursDir);
  for (const f of a.filter((x) => !b.includes(x))) hard.push(`file ${f}: missing in ours`);
  for (const f of b.filter((x) => !a.includes(x))) hard.push(`file ${f}: extra in ours`);
  for (const f of a.filter((x) => b.includes(x))) {
    const pa = join(realDir, f);
    const pb = join(oursDir, f);
    const sa = statSync(pa).size;
    const sb = statSync(pb).size;
    if (sa <= READ_LIMIT && sb <= READ_LIMIT) {
      if (readFileSync(pa).equals(readFileSync(pb))) continue;
    }
    const q = isQcow2(pa) && isQcow2(pb);
    const fmt = q ? 'qcow2' : 'raw';
    if (!q && sa !== sb) {
      hard.push(`file ${f}: size ${sa} vs ${sb}`);
      continue;
    }
    const cmp = await sh(`${realTool} compare -U -f ${fmt} -F ${fmt} "$A" "$B"`, {
      cwd: oursDir,
      env: { ...process.env, A: pa, B: pb, LC_ALL: 'C' },
    });
    if (cmp.status !== 0) {
      hard.push(`file ${f}: ${fmt} content differs (${cmp.stdout.trim() || cmp.stderr.trim()})`);
      continue;
    }
    if (!q) {
      if (sa <= READ_LIMIT) hard.push(`file ${f}: raw bytes differ`);
      continue;
    }
    const chk = await sh(`${realTool} check -U -f qcow2 "$B"`, { cwd: oursDir, env: { ...process.env, B: pb, LC_ALL: 'C' } });
    if (chk.status !== 0) hard.push(`file ${f}: qcow2 check of ours fails: ${chk.stdout.trim().split('\n')[0]}`);
    else soft.push(`file ${f}: qcow2 bytes differ (${sa} vs ${sb} bytes), guest content identical`);
  }
  return { hard, soft };
}
