// Which guest request the running code serves, so that a driver can note that one request had to wait for another.

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One request of a tool that runs several at once (qemu-io's aio_read/aio_write). Drivers set
 * `blockedBy` when the request first has to wait for another one (for a lock it holds, or for
 * its allocation): the tool then reports the two completions in that order, as QEMU's do.
 */
export interface RequestContext {
  blockedBy?: RequestContext;
  /** blockedBy was set by a wait on the other request's result. */
  strongBlock?: boolean;
  /** The request got a driver's lock once already. */
  started?: boolean;
  /** The request is suspended at a blkdebug breakpoint now. */
  suspended?: boolean;
  /** How many waits for another request (a lock, an allocation) the request is in now. */
  waiting?: number;
  /**
   * The tool's next poll of its event loop (qemu-io: aio_flush, wait_break, a synchronous
   * command): a request that QEMU would leave waiting for I/O there parks until it (see parkUntilPoll).
   */
  nextPoll?: () => Promise<void>;
  /** The request is parked until the next poll; `parkedHoldingLock`: while holding a driver's lock. */
  parked?: boolean;
  parkedHoldingLock?: boolean;
  /** While parked: let it go on now (a request waiting for it would otherwise wait for nothing). */
  unpark?: () => void;
  /** Inside I/O that QEMU's request runs as a task of its own while it goes on: no parking there. */
  noPark?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Whether the request can make progress by itself now (it is neither suspended, waiting for another, nor parked). */
export function isBusy(ctx: RequestContext): boolean {
  return !ctx.suspended && !ctx.waiting && !ctx.parked;
}

/**
 * Where QEMU's request would wait for I/O with other requests of the tool not yet submitted
 * (they are, once the tool polls): wait for the tool's next poll. Nothing outside such a tool.
 */
export function parkUntilPoll(holdingLock = false): Promise<void> | undefined {
  const ctx = storage.getStore();
  if (!ctx?.nextPoll || ctx.noPark) return undefined;
  return park(ctx, holdingLock);
}

async function park(ctx: RequestContext, holdingLock: boolean): Promise<void> {
  ctx.parked = true;
  ctx.parkedHoldingLock = holdingLock;
  try {
    await ctx.nextPoll!();
  } finally {
    ctx.parked = false;
    ctx.parkedHoldingLock = false;
    ctx.unpark = undefined;
  }
}

/** Run `fn` (a wait for another request) with the running request marked waiting. */
export function whileWaiting<T>(fn: () => Promise<T>): Promise<T> {
  return counted('waiting', fn);
}

/** Run `fn` with the running request's `key` counter raised; outside a request just `fn`. */
function counted<T>(key: 'waiting' | 'noPark', fn: () => Promise<T>): Promise<T> {
  const ctx = storage.getStore();
  if (!ctx) return fn();
  ctx[key] = (ctx[key] ?? 0) + 1;
  const lower = (): void => {
    ctx[key]! -= 1;
  };
  return fn().finally(lower);
}

/** Run `fn` (and everything it awaits) as the request `ctx`. */
export function runAsRequest<T>(ctx: RequestContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(ctx, fn);
}

/** The request the running code serves; undefined outside runAsRequest (every synchronous tool path). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Note that the running request waits for `other`: `strong` for a wait on its result (an
 * allocation it has in flight), which outranks a wait for a lock. A lock wait counts only when
 * it is the request's first and the lock is held by a request suspended at a breakpoint
 * (`holder`; `other` is the request just ahead in the queue): other lock waits are the
 * ordinary turns of requests under way.
 */
export function noteBlockedBy(other: RequestContext | undefined, strong = false, holder?: RequestContext): void {
  const ctx = storage.getStore();
  if (!ctx || !other || other === ctx) return;
  if (strong && !ctx.strongBlock) {
    ctx.blockedBy = other;
    ctx.strongBlock = true;
  } else if (!strong && !ctx.started && !ctx.blockedBy && holder?.suspended) ctx.blockedBy = other;
}

/** Run `fn` (a wait at a breakpoint) with the running request marked suspended. */
export async function whileSuspended<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = storage.getStore();
  if (ctx) ctx.suspended = true;
  try {
    return await fn();
  } finally {
    if (ctx) ctx.suspended = false;
  }
}

/** The running request holds a lock now (see noteBlockedBy). */
export function noteStarted(): void {
  const ctx = storage.getStore();
  if (ctx) ctx.started = true;
}

/** Run `fn` (I/O QEMU's request would hand to a task and not wait for yet) with parking off, in nested requests too. */
export function withoutParking<T>(fn: () => Promise<T>): Promise<T> {
  return counted('noPark', fn);
}
