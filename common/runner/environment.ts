// The environment of a run: which tools (in-process, spawned ours, spawned QEMU), scratch layout, each test's TestEnv.

import { accessSync, constants, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestEnv, ToolName, ToolRunner } from '../test-api.ts';
import { inProcessRunner } from './tools-inprocess.ts';
import { spawnRunner } from './tools-spawn.ts';

export interface ToolsConfig {
  /** in-process: our mains called directly; spawned: QEMU_IMG_PROG / QEMU_IO_PROG as child processes. */
  mode: 'in-process' | 'spawned';
  programs: Record<ToolName, string>;
  /** 'qemu' as soon as one program is not one of our bin/ shims. */
  tools: 'ours' | 'qemu';
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/**
 * Choose the tools: `--qemu DIR` wins, then QEMU_IMG_PROG / QEMU_IO_PROG from the environment
 * (a missing one defaults to our shim), else in-process with our bin/ shims named as the programs.
 */
export function resolveTools(
  root: string,
  qemuDir: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ToolsConfig | { error: string } {
  const ours: Record<ToolName, string> = { 'qemu-img': join(root, 'bin/qemu-img'), 'qemu-io': join(root, 'bin/qemu-io') };
  let programs: Record<ToolName, string>;
  if (qemuDir !== undefined) {
    programs = { 'qemu-img': resolve(qemuDir, 'qemu-img'), 'qemu-io': resolve(qemuDir, 'qemu-io') };
  } else if (env.QEMU_IMG_PROG || env.QEMU_IO_PROG) {
    programs = {
      'qemu-img': env.QEMU_IMG_PROG ? resolve(env.QEMU_IMG_PROG) : ours['qemu-img'],
      'qemu-io': env.QEMU_IO_PROG ? resolve(env.QEMU_IO_PROG) : ours['qemu-io'],
    };
  } else {
    return { mode: 'in-process', programs: ours, tools: 'ours' };
  }
  for (const p of Object.values(programs)) {
    if (!isExecutable(p)) return { error: `${p} is not an executable program` };
  }
  const allOurs = (Object.keys(programs) as ToolName[]).every((t) => samePath(programs[t], ours[t]));
  return { mode: 'spawned', programs, tools: allOurs ? 'ours' : 'qemu' };
}

/** Whether a spawned configuration runs one of our bin/ shims (which need a fresh dist/ build). */
export function usesOurShims(root: string, tools: ToolsConfig): boolean {
  if (tools.mode !== 'spawned') return false;
  return (Object.keys(tools.programs) as ToolName[]).some((t) => samePath(tools.programs[t], join(root, 'bin', t)));
}

/** A short label of the configuration: names the scratch directory and keys the timings. */
export function configLabel(imgfmt: string, imgproto: string, tools: ToolsConfig): string {
  const how = tools.tools === 'qemu' ? '-qemu' : tools.mode === 'spawned' ? '-spawned' : '';
  return `${imgfmt}-${imgproto}${how}`;
}

export interface EnvRequest {
  imgfmt: string;
  imgproto: string;
  imgopts: string;
  /** Scratch directory of this configuration; each test gets `<runDir>/<test>`. */
  runDir: string;
  /** Root of the per-test socket directories (kept short for the sun_path limit). */
  sockRoot: string;
  tools: ToolsConfig;
}

export function testEnvFor(test: string, req: EnvRequest): TestEnv {
  const TEST_DIR = join(req.runDir, test);
  return {
    TEST_DIR,
    TEST_IMG: join(TEST_DIR, `t.${req.imgfmt}`),
    IMGFMT: req.imgfmt,
    IMGPROTO: req.imgproto,
    IMGOPTS: req.imgopts,
    SOCK_DIR: join(req.sockRoot, test),
    QEMU_IMG_PROG: req.tools.programs['qemu-img'],
    QEMU_IO_PROG: req.tools.programs['qemu-io'],
    TOOLS: req.tools.tools,
  };
}

/** What the tools see in their environment: the runner's own plus the test's variables. */
export function toolEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  env: TestEnv,
): Record<string, string | undefined> {
  return {
    ...base,
    TEST_DIR: env.TEST_DIR,
    IMGFMT: env.IMGFMT,
    IMGPROTO: env.IMGPROTO,
    IMGOPTS: env.IMGOPTS,
    SOCK_DIR: env.SOCK_DIR,
    QEMU_IMG_PROG: env.QEMU_IMG_PROG,
    QEMU_IO_PROG: env.QEMU_IO_PROG,
  };
}

/** The ToolRunner of one test: cwd is its TEST_DIR. */
export function toolRunnerFor(env: TestEnv, tools: ToolsConfig, base: Readonly<Record<string, string | undefined>>): ToolRunner {
  const toolEnv = toolEnvironment(base, env);
  return tools.mode === 'in-process'
    ? inProcessRunner({ env: toolEnv, cwd: env.TEST_DIR })
    : spawnRunner({ programs: tools.programs, env: toolEnv, cwd: env.TEST_DIR });
}

/** QEMU's _supported_fmt / _supported_proto: the not-run reason, or undefined when suitable. */
export function unsuitableReason(
  def: { formats: readonly string[]; protocols?: readonly string[] },
  imgfmt: string,
  imgproto: string,
): string | undefined {
  if (!def.formats.includes('generic') && !def.formats.includes(imgfmt)) {
    return `not suitable for this image format: ${imgfmt}`;
  }
  const protocols = def.protocols ?? ['file'];
  if (!protocols.includes('generic') && !protocols.includes(imgproto)) {
    return `not suitable for this image protocol: ${imgproto}`;
  }
  return undefined;
}
