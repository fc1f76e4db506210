// Unit tests for the model of which convert -C steps QEMU offloads.
import { describe, expect, it } from 'vitest';
import { offloadedSteps, type OffloadStep } from './convert-offload.ts';

const data: OffloadStep = { data: true, copyable: true };
const zero: OffloadStep = { data: false, copyable: false };
const compressed: OffloadStep = { data: true, copyable: false };

/** Data at 0, a compressed cluster at 1M, then data every MiB: the steps alternate with zero stretches. */
const layout = (dataSteps: number): OffloadStep[] => [data, zero, compressed, ...Array.from({ length: dataSteps }, () => [zero, data]).flat(), zero];

/** The indexes of the offloaded steps. */
const offloaded = (steps: OffloadStep[], coroutines: number): number[] =>
  offloadedSteps(steps, coroutines).flatMap((o, i) => (o ? [i] : []));

describe('offloadedSteps', () => {
  it('offloads every data step when nothing fails', () => {
    expect(offloaded([data, zero, data, data], 8)).toEqual([0, 2, 3]);
  });

  it('never offloads zero steps or a step that cannot be offloaded', () => {
    expect(offloaded([zero, compressed, zero], 8)).toEqual([]);
  });

  // Measured with QEMU 7.2 (qemu-img convert -C -m N of a qcow2 image with this layout).
  it('keeps offloading the steps coroutines picked before the failure, as QEMU 7.2 does', () => {
    expect(offloaded(layout(30), 8)).toEqual([0, 4, 6]);
    expect(offloaded(layout(30), 16)).toEqual([0, 4, 6, 8, 10, 12, 14]);
    expect(offloaded(layout(30), 3)).toEqual([0]);
    expect(offloaded(layout(30), 2)).toEqual([0]);
    expect(offloaded(layout(30), 1)).toEqual([0]);
  });
});
