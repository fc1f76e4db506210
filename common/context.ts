// The `t` a numbered test works with: QEMU's common.rc in TypeScript (tools, images, files, requirements).
import { NotRunError } from './test-api.ts';
import type { CreateTestContext, TestEnv, ToolName, ToolResult, ToolRunner, Transcript } from './test-api.ts';
import { imgCheckFilter, imgCreateFilter, qemuIoFilter, testDirAndFmtFilter, chain } from './filter.ts';
import type { Filter } from './filter.ts';
import { FileHelpers } from './files.ts';

/** How one tool run reaches the transcript. */
export interface RunOptions {
  /**
   * Shell-style `2>&1` (default true): stderr and stdout both go through the filters, and the
   * transcript gets all of stderr's text first, then all of stdout's. This is a fixed rule, not
   * a replay of a real pipe: ToolResult keeps the two streams apart, so their interleaving is
   * lost. (QEMU 7.2's qemu-io and qemu-img flush stdout as they go, so on one real pipe the
   * lines appear in the order written.) The rule is deterministic and the same for every
   * tool runner, so real QEMU and our tools are compared under it. With false, stderr is
   * printed unfiltered first (as an unredirected stderr lands in QEMU's check output) and only
   * stdout goes through the filters.
   */
  merge?: boolean;
  /** Like `$(...)`: print nothing, only return the result (and its filtered text). */
  capture?: boolean;
  /** Replace the tool's default filters. */
  filters?: Filter[];
  /** Applied after the default (or replacement) filters. */
  extraFilters?: Filter[];
  /** Text on standard input; closed when undefined. */
  stdin?: string;
  /** Print `exit status: N` after the output when N is not 0 (true) or always ('always'). */
  status?: boolean | 'always';
  /** Extra environment variables for the tool. */
  env?: Record<string, string>;
}

/** A tool run's outcome plus what was (or would have been) printed, after the filters. */
export interface RunResult extends ToolResult {
  text: string;
}

/** Options of makeTestImg (QEMU's _make_test_img). */
export interface MakeImgOptions {
  /** Image path; TEST_IMG by default. */
  img?: string;
  /** Format; IMGFMT by default (IMGOPTS are only added for IMGFMT). */
  fmt?: string;
  /** Extra `-o` options, appended to IMGOPTS. */
  options?: string;
  backing?: string;
  backingFmt?: string;
  /** Do not print the `Formatting ...` line. */
  quiet?: boolean;
}

/** Options of the io() shorthand: qemu-io -f IMGFMT -c ... IMG. */
export interface IoOptions extends RunOptions {
  img?: string;
  /** Format passed with -f; IMGFMT by default, null for none (probing). */
  fmt?: string | null;
  /** Options placed before the -c commands (e.g. ['-r'], ['-n']). */
  flags?: string[];
}

/** The test context. Every print goes to the transcript in call order. */
export class TestContext extends FileHelpers {
  constructor(
    readonly env: TestEnv,
    private readonly tools: ToolRunner,
    private readonly out: Transcript,
  ) {
    super(env.TEST_DIR);
  }

  /** Print lines (each followed by a newline), like `echo`. */
  echo(...lines: string[]): void {
    this.out.write(lines.map((l) => `${l}\n`).join(''));
  }

  /** Print text as-is (no newline added). */
  print(text: string): void {
    this.out.write(text);
  }

  /** Print a blank line and a `== title ==` banner. */
  banner(title: string): void {
    this.echo('', `== ${title} ==`);
  }

  /** TEST_DIR + IMGFMT filter for this env. */
  get defaultFilter(): Filter {
    return testDirAndFmtFilter(this.env);
  }

  /** Run qemu-io with literal arguments; default filter: qemu-io's (paths, format, timing). */
  qemuIo(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.runTool('qemu-io', args, qemuIoFilter(this.env), opts);
  }

  /** Run qemu-img with literal arguments; default filter: paths and format. */
  qemuImg(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.runTool('qemu-img', args, testDirAndFmtFilter(this.env), opts);
  }

  /** `qemu-io -f IMGFMT [flags] -c cmd... IMG`: the usual way to exercise the test image. */
  io(cmds: string | string[], opts: IoOptions = {}): Promise<RunResult> {
    const fmt = opts.fmt === undefined ? this.env.IMGFMT : opts.fmt;
    const args = [...(fmt === null ? [] : ['-f', fmt]), ...(opts.flags ?? [])];
    for (const c of typeof cmds === 'string' ? [cmds] : cmds) args.push('-c', c);
    args.push(opts.img ?? this.env.TEST_IMG);
    return this.qemuIo(args, opts);
  }

  /** Create an image (QEMU's _make_test_img) and print its filtered `Formatting` line. */
  makeTestImg(size: string | number, opts: MakeImgOptions = {}): Promise<RunResult> {
    const fmt = opts.fmt ?? this.env.IMGFMT;
    const o = [fmt === this.env.IMGFMT ? this.env.IMGOPTS : '', opts.options ?? ''].filter((s) => s !== '');
    const args = ['create', '-f', fmt];
    if (o.length > 0) args.push('-o', o.join(','));
    if (opts.backing !== undefined) args.push('-b', opts.backing);
    if (opts.backingFmt !== undefined) args.push('-F', opts.backingFmt);
    args.push(opts.img ?? this.env.TEST_IMG, String(size));
    return this.runTool('qemu-img', args, imgCreateFilter(this.env), { capture: opts.quiet });
  }

  /** `qemu-img check` on the test image (QEMU's _check_test_img), format-specific stats removed. */
  checkTestImg(opts: RunOptions & { img?: string } = {}): Promise<RunResult> {
    const args = ['check', '-f', this.env.IMGFMT, opts.img ?? this.env.TEST_IMG];
    return this.runTool('qemu-img', args, imgCheckFilter(this.env), opts);
  }

  /** Print `exit status: N`, for tests that show a status explicitly. */
  showStatus(r: ToolResult): void {
    this.echo(`exit status: ${r.status}`);
  }

  /** Not run unless the format under test is one of `fmts`. */
  requireFormat(...fmts: string[]): void {
    if (!fmts.includes(this.env.IMGFMT)) throw new NotRunError(`not suitable for this image format: ${this.env.IMGFMT}`);
  }

  /** Not run unless the protocol under test is one of `protos`. */
  requireProtocol(...protos: string[]): void {
    if (!protos.includes(this.env.IMGPROTO)) {
      throw new NotRunError(`not suitable for this image protocol: ${this.env.IMGPROTO}`);
    }
  }

  /**
   * Not run when IMGOPTS are set (the output depends on default creation options); with
   * names, only when one of those options is set (e.g. 'preallocation').
   */
  requireNoImgOpts(...names: string[]): void {
    const set = this.env.IMGOPTS.split(',').filter((o) => o !== '').map((o) => o.split('=')[0]);
    const bad = names.length === 0 ? set : set.filter((o) => names.includes(o));
    if (bad.length > 0) throw new NotRunError(`not suitable with image options: ${this.env.IMGOPTS}`);
  }

  /** Not run unless the tool runs and lists `cmd` in `qemu-io -c help`. */
  async requireQemuIoCommand(cmd: string): Promise<void> {
    const r = await this.tools.run('qemu-io', ['-c', 'help'], { cwd: this.env.TEST_DIR });
    if (!new RegExp(`^${cmd} `, 'm').test(r.stdout)) throw new NotRunError(`qemu-io command not available: ${cmd}`);
  }

  /**
   * Not run unless the qemu-img under test can create a `fmt` image with the creation options
   * `opts` (a feature probe, like QEMU's _require_* helpers); the reason quotes the tool's error.
   */
  async requireCreateOptions(fmt: string, opts: string): Promise<void> {
    const probe = `${this.env.TEST_DIR}/.create-probe.${fmt}`;
    const r = await this.tools.run('qemu-img', ['create', '-q', '-f', fmt, '-o', opts, probe, '1M'], { cwd: this.env.TEST_DIR });
    await this.remove('.create-probe.' + fmt);
    if (r.status !== 0) {
      const why = r.stderr.split('\n')[0]!.replace(/^[^:]*qemu-img: /, '').replace(`${probe}: `, '');
      throw new NotRunError(`${fmt} with ${opts} not supported by this qemu-img: ${why}`);
    }
  }

  /** Not run when the scratch filesystem cannot hold a sparse file of `size` bytes. */
  async requireSparse(size: number): Promise<void> {
    if (!(await this.canTruncate('.sparse-probe', size))) throw new NotRunError(`no sparse file of ${size} bytes`);
  }

  private async runTool(tool: ToolName, args: string[], deflt: Filter, opts: RunOptions): Promise<RunResult> {
    const r = await this.tools.run(tool, args, { stdin: opts.stdin, cwd: this.env.TEST_DIR, env: opts.env });
    const filter = chain(...(opts.filters ?? [deflt]), ...(opts.extraFilters ?? []));
    const merge = opts.merge ?? true;
    const text = merge ? filter(r.stderr + r.stdout) : filter(r.stdout);
    if (!opts.capture) {
      if (!merge) this.out.write(r.stderr);
      this.out.write(text);
      if (opts.status === 'always' || (opts.status && r.status !== 0)) this.showStatus(r);
    }
    return { ...r, text };
  }
}

/** The runner's entry point: build the `t` for one test run. */
export const createTestContext: CreateTestContext<TestContext> = (env, tools, out) => new TestContext(env, tools, out);
