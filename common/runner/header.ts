// The environment header printed before the rows (QEMU's QEMU_IMG / IMGFMT / PLATFORM ... block).

import { hostname, machine, release, type } from 'node:os';
import type { ToolsConfig } from './environment.ts';

export interface HeaderInput {
  tools: ToolsConfig;
  imgfmt: string;
  imgproto: string;
  imgopts: string;
  runDir: string;
  sockRoot: string;
  jobs: number;
}

/** Name/value pairs in QEMU's order, plus ours (TOOLS, NODE, JOBS). */
export function headerEntries(h: HeaderInput): Array<[string, string]> {
  const how = h.tools.mode === 'in-process' ? ' (in-process)' : '';
  return [
    ['QEMU_IMG', `${h.tools.programs['qemu-img']}${how}`],
    ['QEMU_IO', `${h.tools.programs['qemu-io']}${how}`],
    ['IMGFMT', h.imgopts === '' ? h.imgfmt : `${h.imgfmt} (${h.imgopts})`],
    ['IMGPROTO', h.imgproto],
    ['PLATFORM', `${type()}/${machine()} ${hostname()} ${release()}`],
    ['TEST_DIR', h.runDir],
    ['SOCK_DIR', h.sockRoot],
    ['TOOLS', `${h.tools.tools} (${h.tools.mode})`],
    ['NODE', process.version],
    ['JOBS', String(h.jobs)],
  ];
}
