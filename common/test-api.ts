// The contract between the runner (common/runner/), the test library (common/) and the tests (tests/NNN.ts).

/** The environment a test sees, named as QEMU's iotests name it. */
export interface TestEnv {
  /** Scratch directory of this test run (one per test, so -j N never collides). */
  TEST_DIR: string;
  /** The default test image: `${TEST_DIR}/t.${IMGFMT}`. */
  TEST_IMG: string;
  /** Image format under test: 'raw', 'qcow2', ... */
  IMGFMT: string;
  /** Protocol under test: 'file'. */
  IMGPROTO: string;
  /** Extra `-o` options for image creation (./check -o), '' when none. */
  IMGOPTS: string;
  /** Directory for sockets. */
  SOCK_DIR: string;
  /** The tools: our bin/ shims, or real QEMU binaries in the differential mode. */
  QEMU_IMG_PROG: string;
  QEMU_IO_PROG: string;
  /** 'ours' when our tools run (in-process or spawned), 'qemu' when the tools are QEMU's. */
  TOOLS: 'ours' | 'qemu';
}

/** One tool invocation's outcome, exactly as a shell would see it. */
export interface ToolResult {
  /** Exit status; 128 + N when killed by signal N. */
  status: number;
  stdout: string;
  stderr: string;
}

export type ToolName = 'qemu-img' | 'qemu-io';

export interface ToolRunOptions {
  /** Text fed to standard input; stdin is closed (empty) when undefined. */
  stdin?: string;
  /** Working directory; TEST_DIR when undefined. */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

/** How the runner executes a tool: in-process (our mains) or spawned (execa). Tests never know which. */
export interface ToolRunner {
  run(tool: ToolName, args: string[], opts?: ToolRunOptions): Promise<ToolResult>;
}

/**
 * Where a test's output goes; the runner compares it with the golden file.
 * Framing (the runner's job, not the test's or the test library's): the runner writes the
 * golden's first line `QA output created by NNN` before calling run(), and its last line
 * `*** done` after run() returns normally. A test that throws gets no `*** done`; its error
 * text is appended instead and the test fails (QEMU's "[failed, exit status 1]").
 */
export interface Transcript {
  write(text: string): void;
}

/** Thrown by requirement helpers: the test is reported "[not run] <reason>", never failed. */
export class NotRunError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NotRunError';
  }
}

/** What a numbered test module default-exports. */
export interface TestDefinition<C = unknown> {
  /** Groups for -g/-x, e.g. ['rw', 'auto', 'quick']. */
  groups: string[];
  /** Formats this test supports; 'generic' means any format. */
  formats: string[];
  /** Protocols this test supports; default ['file']. */
  protocols?: string[];
  /** One line: what the test proves. */
  purpose: string;
  /**
   * Set when the test goes beyond a QEMU 7.2 defect (QEMU crashes or refuses where we do the
   * right thing): the reason, naming the defect. Against real QEMU the runner reports the test
   * "not run" with this reason and lists it in the summary.
   */
  beyondQemu?: string;
  /** The body; `t` is the test library's context (common/context.ts). */
  run(t: C): Promise<void>;
}

/**
 * Built by the test library from what the runner provides; the runner calls this to get the
 * `t` handed to TestDefinition.run. Implemented in common/context.ts.
 */
export type CreateTestContext<C> = (env: TestEnv, tools: ToolRunner, out: Transcript) => C;
