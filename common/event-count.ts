// Counting blkdebug events: how many times an event fires during a qemu-io workload, read back from one probe request.
//
// The config chains set-state rules on the event (state k -> k+1) and, for every state k, an
// inject-error rule on the event with errno 1000+k limited to one probe sector that only the
// final `read` touches. After n events the newest active rule is the one of state n, so the
// probe read fails with "Unknown error 100n" (or succeeds when the event never fired).

import type { TestContext } from './context.ts';

/** The blkdebug config that counts up to `max` occurrences of `event`, failing requests at byte `probeOffset` with errno 1000+count. */
export function countingConfig(event: string, probeOffset: number, max: number): string {
  const sector = Math.floor(probeOffset / 512);
  let s = '';
  for (let k = 1; k <= max; k++) {
    s += `[set-state]\nevent = "${event}"\nstate = "${k}"\nnew_state = "${k + 1}"\n\n`;
    s += `[inject-error]\nevent = "${event}"\nstate = "${k}"\nerrno = "${1000 + k}"\nsector = "${sector}"\nonce = "off"\n\n`;
  }
  return s;
}

/** The count a probe read's output reports, or undefined when the output is not a probe result. */
export function countFromOutput(text: string): number | undefined {
  const m = /read failed: Unknown error (\d+)/.exec(text);
  if (m) return Number(m[1]) - 1000;
  return /^read \d+\/\d+ bytes at offset 0$/m.test(text) ? 0 : undefined;
}

/** Host offset of guest offset 0 in `img` (which must map it), from `qemu-img map --output=json`. */
export async function hostOffsetOfGuestZero(t: TestContext, img: string): Promise<number> {
  const r = await t.qemuImg(['map', '--output=json', img], { capture: true, merge: false, filters: [] });
  const map = JSON.parse(r.text) as Array<{ start: number; depth: number; offset?: number }>;
  const first = map.find((m) => m.start === 0 && m.depth === 0 && m.offset !== undefined);
  if (!first || first.offset === undefined) throw new Error('guest offset 0 is not mapped');
  return first.offset;
}

export interface CountRun {
  /** qemu-io options before the commands (e.g. -C). */
  flags?: string[];
  /** The workload's qemu-io commands; a final `read 0 512` is the probe. */
  work: string[];
  /** The image argument given the config path (default: blkdebug:CONFIG:TEST_IMG). */
  target?: (config: string) => string;
  /** Byte offset of the probe sector in blkdebug's view. */
  probeOffset: number;
  /** Most occurrences countable (default 40). */
  max?: number;
}

/** Run the workload under the counting config for `event` and print `event: N` (or the raw output when it is not a probe result). */
export async function printEventCount(t: TestContext, event: string, run: CountRun): Promise<void> {
  const cfg = t.path('count.conf');
  await t.writeFile('count.conf', countingConfig(event, run.probeOffset, run.max ?? 40));
  const target = run.target ? run.target(cfg) : `blkdebug:${cfg}:${t.env.TEST_IMG}`;
  const args = [...(run.flags ?? []), ...[...run.work, 'read 0 512'].flatMap((c) => ['-c', c]), target];
  const r = await t.qemuIo(args, { capture: true });
  const n = countFromOutput(r.text);
  t.echo(n === undefined ? `${event}: unexpected output:\n${r.text.trimEnd()}` : `${event}: ${n}`);
}
