// The whole corpus: every generator's cases, with ids made unique.

import { bitmapCases } from './bitmaps.mjs';
import { deepCases } from './deep.mjs';
import { extraCases } from './extra.mjs';
import { imgBreadthCases } from './img-breadth.mjs';
import { ioOddCases, ioOddGraphCases, ioOddNumberCases, ioOddRuntimeCases } from './io-odd.mjs';
import { moreEdgeCases } from './more-edge.mjs';
import { moreImgCases } from './more-img.mjs';
import { moreIoCases } from './more-io.mjs';
import { qemuImgCases } from './qemu-img.mjs';
import { qemuIoCommandCases } from './qemu-io-cmds.mjs';
import { qemuIoStartupCases } from './qemu-io-startup.mjs';

export function loadCorpus() {
  const seen = new Map();
  const cases = [...qemuIoCommandCases(), ...qemuIoStartupCases(), ...qemuImgCases(), ...deepCases(), ...extraCases(), ...moreImgCases(), ...moreIoCases(), ...moreEdgeCases(), ...bitmapCases(), ...ioOddCases(), ...ioOddRuntimeCases(), ...ioOddGraphCases(), ...ioOddNumberCases()];
  // qemu-img breadth (img-breadth.mjs), kept on a line of its own.
  cases.push(...imgBreadthCases());
  for (const c of cases) {
    const n = seen.get(c.id) ?? 0;
    seen.set(c.id, n + 1);
    if (n > 0) c.id = `${c.id} #${n + 1}`;
  }
  return cases;
}
