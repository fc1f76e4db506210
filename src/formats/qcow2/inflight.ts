// Allocations in flight: a write that got new clusters holds their guest range until it links them, and later writes there wait.

import { currentRequest, noteBlockedBy, whileWaiting, type RequestContext } from '../../block/request-context.ts';
import { unlocked, type Qcow2State } from './state.ts';

/**
 * One write's allocation between taking host clusters and linking them into its L2 table (QEMU's
 * QCowL2Meta on s->cluster_allocs). [start, end) is the guest range of its clusters; with
 * `keepOld` (new subclusters inside clusters that stay) only [cowStart, cowEnd) is being written.
 */
export interface InflightAlloc {
  start: number;
  end: number;
  keepOld: boolean;
  cowStart: number;
  cowEnd: number;
  /** The request that made it (for qemu-io's completion order). */
  owner: RequestContext | undefined;
  /** Requests waiting for the allocation to be linked or abandoned (its dependent requests). */
  waiters: Array<() => void>;
}

/** Register an allocation for guest [start, end) (cluster-aligned); `cow`: the range written, when old clusters are kept. */
export function beginAlloc(s: Qcow2State, start: number, end: number, cow?: { start: number; end: number }): InflightAlloc {
  const a: InflightAlloc = {
    start, end, keepOld: cow !== undefined, cowStart: cow?.start ?? start, cowEnd: cow?.end ?? end, owner: currentRequest(), waiters: [],
  };
  s.inflight.push(a);
  return a;
}

/** The allocation is linked (or given up): later writes to its range may go on. Holds the lock. */
export function endAlloc(s: Qcow2State, a: InflightAlloc): void {
  const i = s.inflight.indexOf(a);
  if (i >= 0) s.inflight.splice(i, 1);
  for (const wake of a.waiters.splice(0)) wake();
}

/**
 * How much of guest [offset, offset + bytes) a write may handle now, with the lock held: up to
 * the first allocation in flight it overlaps, or, when one covers `offset` itself, nothing yet:
 * then this waits (giving the lock up) until that allocation is done, and returns 0 so that the
 * caller looks the clusters up again (handle_dependencies()).
 */
export function untilDependency(s: Qcow2State, offset: number, bytes: number): number | Promise<number> {
  // No allocation in flight (every request of a sequential tool): the answer at once.
  if (s.inflight.length === 0) return bytes;
  return waitForDependency(s, offset, bytes);
}

async function waitForDependency(s: Qcow2State, offset: number, bytes: number): Promise<number> {
  for (const a of s.inflight) {
    const end = offset + bytes;
    if (end <= a.start || offset >= a.end) continue;
    // Clusters shared, but their written areas apart: the clusters themselves stay, no conflict.
    if (a.keepOld && (end <= a.cowStart || offset >= a.cowEnd)) continue;
    if (offset < a.start) {
      bytes = a.start - offset;
      continue;
    }
    noteBlockedBy(a.owner, true);
    if (a.owner?.parked) a.owner.unpark?.();
    await unlocked(s, () => whileWaiting(() => new Promise<void>((wake) => a.waiters.push(wake))));
    return 0;
  }
  return bytes;
}
