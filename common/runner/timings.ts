// Per-test elapsed times kept between runs (gitignored .check-timings.json), keyed by protocol, format and tools.

import { readFileSync, renameSync, writeFileSync } from 'node:fs';

type TimingsData = Record<string, Record<string, number>>;

/** Loaded once per run; `update` only for passing tests (as QEMU does), `save` at the end. */
export class Timings {
  private constructor(
    private readonly path: string,
    private readonly key: string,
    private readonly data: TimingsData,
  ) {}

  /** `key` separates configurations, e.g. "file/qcow2/ours". A missing or broken file is an empty cache. */
  static load(path: string, key: string): Timings {
    let data: TimingsData = {};
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as TimingsData;
    } catch {
      // first run, or a damaged cache: start afresh
    }
    return new Timings(path, key, data);
  }

  get(test: string): number | undefined {
    const v = this.data[test]?.[this.key];
    return typeof v === 'number' ? v : undefined;
  }

  update(test: string, seconds: number): void {
    const entry = this.data[test];
    this.data[test] = { ...(entry && typeof entry === 'object' ? entry : {}), [this.key]: seconds };
  }

  save(): void {
    try {
      // write and rename, so a concurrent ./check never reads half a file
      const tmp = `${this.path}.${process.pid}`;
      writeFileSync(tmp, JSON.stringify(this.data, null, 1) + '\n');
      renameSync(tmp, this.path);
    } catch {
      // a read-only checkout only loses the "last:" column
    }
  }
}
