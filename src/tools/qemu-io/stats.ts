// qemu-io's statistics lines: cvtstr() sizes, timestr() durations and the human / -C report after each request.

import { formatF } from '../../util/printf.ts';

const UNITS: ReadonlyArray<[number, string]> = [
  [2 ** 60, ' EiB'],
  [2 ** 50, ' PiB'],
  [2 ** 40, ' TiB'],
  [2 ** 30, ' GiB'],
  [2 ** 20, ' MiB'],
  [2 ** 10, ' KiB'],
];

/** qemu-io's cvtstr(): "512 bytes", "1 KiB", "1.500 KiB", "1.123129 bytes" (a ".000" tail is dropped). */
export function cvtstr(value: number): string {
  let str = '';
  let suffix = ' bytes';
  const unit = UNITS.find(([size]) => value >= size);
  if (unit) {
    str = formatF(value / unit[0], 3);
    suffix = unit[1];
  } else {
    str = formatF(value, 6);
  }
  const trim = str.indexOf('.000');
  return (trim >= 0 ? str.slice(0, trim) : str) + suffix;
}

/** A duration as seconds plus nanoseconds (struct timespec). */
export interface Duration {
  sec: number;
  nsec: number;
}

/** Measure from a process.hrtime.bigint() start to now; never zero so rates stay finite. */
export function elapsedSince(start: bigint, now: bigint): Duration {
  let ns = now - start;
  if (ns <= 0n) ns = 1n;
  return { sec: Number(ns / 1000000000n), nsec: Number(ns % 1000000000n) };
}

function seconds(d: Duration): number {
  return d.sec + d.nsec / 1e9;
}

/** timestr(): "00.01 sec" for short human reports, "H:MM:SS.ss" when a second has passed or when `fixed` (-C). */
export function timestr(d: Duration, fixed: boolean): string {
  const fracSec = d.nsec / 1e9;
  if (fixed || d.sec > 0) {
    const h = Math.floor(d.sec / 3600);
    const m = Math.floor((d.sec % 3600) / 60);
    const s = (d.sec % 60) + fracSec;
    return `${h}:${String(m).padStart(2, '0')}:${formatF(s, 2).padStart(5, '0')}`;
  }
  return `${formatF(fracSec, 2).padStart(5, '0')} sec`;
}

/**
 * The two lines qemu-io prints after a request (print_report): the human form
 * "<bytes>, <n> ops; <time> (<rate>/sec and <ops>/sec)" or with -C the machine form
 * "<bytes>,<ops>,<time>,<bytes/s>,<ops/s>".
 */
export function formatReport(d: Duration, total: number, count: number, machine: boolean): string {
  const secs = seconds(d);
  const bytesPerSec = total / secs;
  const opsPerSec = count / secs;
  if (machine) {
    return `${total},${count},${timestr(d, true)},${formatF(bytesPerSec, 3)},${formatF(opsPerSec, 3)}\n`;
  }
  return `${cvtstr(total)}, ${count} ops; ${timestr(d, false)} (${cvtstr(bytesPerSec)}/sec and ${formatF(opsPerSec, 4)} ops/sec)\n`;
}
