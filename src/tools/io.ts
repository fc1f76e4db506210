// What a tool main is handed instead of process globals, so the runner can call it in-process.

/** A sink for text or bytes; the caller decides whether it buffers or writes through. */
export interface OutputSink {
  write(chunk: string | Uint8Array): void;
}

/**
 * The whole world of one tool invocation. A main never touches process.* directly:
 * output goes to stdout/stderr, input comes from stdin, paths resolve against cwd.
 */
export interface ToolIO {
  stdout: OutputSink;
  stderr: OutputSink;
  /** Standard input as text chunks (qemu-io reads commands from it when no -c is given); null when closed. */
  stdin: AsyncIterable<string | Uint8Array> | null;
  /** Whether stdin is a terminal (informational: QEMU 7.2's qemu-io prints its "qemu-io> " prompt either way). */
  stdinIsTTY?: boolean;
  /**
   * Whether stdout is a terminal. When it is not (a pipe, a file, the in-process runner), the
   * tools hold stdout back in 4 KiB blocks as glibc does, so stderr overtakes it as with QEMU;
   * on a terminal they send it line by line.
   */
  stdoutIsTTY?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * argv[0] as the process was invoked (e.g. "/usr/bin/qemu-io"): glibc's getopt messages name
   * the program with it ("/usr/bin/qemu-io: invalid option -- 'x'"). Tools use their bare name
   * when absent; QEMU's own error_report() prefix is always the bare name.
   */
  argv0?: string;
  /** Directory that relative filenames are resolved against. */
  cwd: string;
  /**
   * Deliver a signal to "this process" (qemu-io sigraise). The bin shim really kills the
   * process; the in-process runner records it. After calling it the main returns 128 + signal
   * at once, and output not yet flushed is lost, as with the real binary.
   */
  raise?(signal: number): void;
}

/** The signature every tool main has: argv without the program name, exit status back. */
export type ToolMain = (argv: string[], io: ToolIO) => Promise<number>;
