// blkdebug's request breakpoints from qemu-io: break, remove_break, resume and wait_break.

import type { BlockNode } from '../../block/node.ts';
import { ERRNO, strerror, type Errno } from '../../util/errno.ts';
import type { Command } from './command.ts';
import { openPollGate, print, type Session } from './session.ts';

/**
 * What a driver offers for breakpoints (bdrv_debug_breakpoint and friends); blkdebug implements
 * it. Each throws BlockError (ENOENT for an unknown event or tag). Nodes without it answer ENOTSUP.
 */
export interface DebugBreakpoints {
  debugBreakpoint(node: BlockNode, event: string, tag: string): Promise<void>;
  debugRemoveBreakpoint(node: BlockNode, tag: string): Promise<void>;
  debugResume(node: BlockNode, tag: string): Promise<void>;
  debugIsSuspended(node: BlockNode, tag: string): boolean;
  /** Where the driver prints "blkdebug: Suspended request 'TAG'" (QEMU printf()s it on stdout). */
  debugSetOutput?(node: BlockNode, print: (text: string) => void): void;
}

/** The first node down the file/children chain whose driver handles breakpoints, as bdrv_debug_* search. */
function findDebugNode(node: BlockNode | undefined): { node: BlockNode; ops: DebugBreakpoints } | undefined {
  while (node) {
    const ops = node.driver as unknown as Partial<DebugBreakpoints>;
    if (typeof ops.debugBreakpoint === 'function') return { node, ops: ops as DebugBreakpoints };
    node = node.children.get('file') ?? node.children.get('image');
  }
  return undefined;
}

/** Call a breakpoint operation; its errno (ENOTSUP without blkdebug) as a text for the command's message. */
async function attempt(s: Session, fn: (d: { node: BlockNode; ops: DebugBreakpoints }) => Promise<void>): Promise<string | undefined> {
  const d = findDebugNode(s.blk!.root);
  if (!d) return strerror('ENOTSUP');
  d.ops.debugSetOutput?.(d.node, (text) => print(s, text));
  try {
    await fn(d);
    return undefined;
  } catch (e) {
    const errno = (e as { errno?: Errno }).errno;
    if (errno === undefined || !(errno in ERRNO)) throw e;
    return strerror(errno);
  }
}

export const breakCommand: Command = {
  name: 'break',
  argmin: 2,
  argmax: 2,
  args: 'event tag',
  oneline: 'sets a breakpoint on event and tags the stopped request as tag',
  async run(s, argv) {
    const err = await attempt(s, (d) => d.ops.debugBreakpoint(d.node, argv[1]!, argv[2]!));
    if (err === undefined) return 0;
    print(s, `Could not set breakpoint: ${err}\n`);
    return -1;
  },
};

export const removeBreakCommand: Command = {
  name: 'remove_break',
  argmin: 1,
  argmax: 1,
  args: 'tag',
  oneline: 'remove a breakpoint by tag',
  async run(s, argv) {
    const err = await attempt(s, (d) => d.ops.debugRemoveBreakpoint(d.node, argv[1]!));
    if (err === undefined) return 0;
    print(s, `Could not remove breakpoint ${argv[1]}: ${err}\n`);
    return -1;
  },
};

export const resumeCommand: Command = {
  name: 'resume',
  argmin: 1,
  argmax: 1,
  args: 'tag',
  oneline: 'resumes the request tagged as tag',
  async run(s, argv) {
    const err = await attempt(s, (d) => d.ops.debugResume(d.node, argv[1]!));
    if (err === undefined) return 0;
    print(s, `Could not resume request: ${err}\n`);
    return -1;
  },
};

export const waitBreakCommand: Command = {
  name: 'wait_break',
  argmin: 1,
  argmax: 1,
  args: 'tag',
  oneline: 'waits for the suspension of a request',
  async run(s, argv) {
    // QEMU polls until the tagged request is suspended, forever if none ever is; here the wait
    // also ends once no request is left in flight that could still reach the breakpoint.
    const d = findDebugNode(s.blk!.root);
    while (d && !d.ops.debugIsSuspended(d.node, argv[1]!) && s.aio.some((p) => !p.settled)) {
      openPollGate(s);
      await new Promise((r) => setImmediate(r));
    }
    return 0;
  },
};
