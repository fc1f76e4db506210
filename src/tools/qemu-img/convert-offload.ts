// Which steps of qemu-img convert -C QEMU offloads: its coroutines decide when they pick a step, so a failed offload stops only later picks.

/** One step of the copy as the offload decision sees it. */
export interface OffloadStep {
  /** A data step (zero and backing steps are never offloaded). */
  data: boolean;
  /** Its data can be offloaded (not compressed): see convert-copy.ts's Cursor.copyable. */
  copyable: boolean;
}

/** Where a coroutine of the model is in its loop. */
type Stage = 'pick' | 'turn' | 'written';

interface Coroutine {
  stage: Stage;
  step: number;
  offload: boolean;
}

/**
 * Whether each step's data is offloaded, by a model of QEMU 7.2's convert_co_do_copy() with
 * `coroutines` coroutines writing in order. A coroutine picks the next step and decides then
 * whether to offload it (while offloading is still on); reads data it will not offload; waits for
 * its turn; writes (an offload that fails turns offloading off for good, then the step is read
 * and written plainly); then wakes the coroutine holding the next step, which runs at once until
 * it waits, before the waker picks again. Reads, offloads and data writes wait for I/O, which
 * completes in the order it was started once no coroutine can run; zero and backing steps write
 * without I/O.
 */
export function offloadedSteps(steps: readonly OffloadStep[], coroutines: number): boolean[] {
  const offloaded = steps.map(() => false);
  let offloading = true;
  let next = 0;
  let written = 0;
  const waiting = new Map<number, Coroutine>();
  const io: Coroutine[] = [];

  /** Run `co` until it waits (for I/O or its turn) or has no step left. */
  const run = (co: Coroutine): void => {
    for (;;) {
      if (co.stage === 'pick') {
        if (next >= steps.length) return;
        co.step = next++;
        co.offload = offloading && steps[co.step]!.data;
        co.stage = 'turn';
        if (steps[co.step]!.data && !co.offload) {
          io.push(co);
          return;
        }
      } else if (co.stage === 'turn') {
        if (written !== co.step) {
          waiting.set(co.step, co);
          return;
        }
        const step = steps[co.step]!;
        if (co.offload && !step.copyable) {
          // The offload fails: offloading ends, and the step is read, then written plainly.
          offloading = false;
          co.offload = false;
          io.push(co);
          return;
        }
        co.stage = 'written';
        if (co.offload) offloaded[co.step] = true;
        if (step.data) {
          io.push(co);
          return;
        }
      } else {
        written = co.step + 1;
        const woken = waiting.get(written);
        if (woken) {
          waiting.delete(written);
          run(woken);
        }
        co.stage = 'pick';
      }
    }
  };

  for (let i = 0; i < coroutines; i++) run({ stage: 'pick', step: -1, offload: false });
  for (let co = io.shift(); co; co = io.shift()) run(co);
  return offloaded;
}
