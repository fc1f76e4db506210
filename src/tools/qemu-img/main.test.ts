// qemu-img's command line as real QEMU 7.2 answers it: global options, dispatch, usage errors.
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { captureIO } from './test-io.ts';

async function run(...argv: string[]) {
  const io = captureIO();
  const status = await main(argv, io);
  return { status, out: io.out(), err: io.err() };
}

const HINT = "Try 'qemu-img --help' for more information\n";

describe('qemu-img main', () => {
  it('needs a command', async () => {
    expect(await run()).toEqual({ status: 1, out: '', err: `qemu-img: Not enough arguments\n${HINT}` });
  });
  it('rejects unknown commands and options', async () => {
    expect(await run('foo')).toEqual({ status: 1, out: '', err: `qemu-img: Command not found: foo\n${HINT}` });
    expect((await run('--foo')).err).toBe(`qemu-img: unrecognized option '--foo'\n${HINT}`);
    expect((await run('create', '-xq')).err).toBe(`qemu-img: unrecognized option 'create'\n${HINT}`);
    expect((await run('create', '-qf')).err).toBe(`qemu-img: missing argument for option '-qf'\n${HINT}`);
    expect((await run('info', '--o=json', 'x')).err).toBe(`qemu-img: unrecognized option '--o=json'\n${HINT}`);
  });
  it('prints the version and help', async () => {
    const v = await run('-V');
    expect(v.status).toBe(0);
    expect(v.out).toMatch(/^qemu-img version 7\.2\.\d+.*\nCopyright \(c\) 2003-2022 Fabrice Bellard and the QEMU Project developers\n$/);
    const h = await run('info', '-h');
    expect(h.status).toBe(0);
    expect(h.out).toContain('usage: qemu-img [standard options] command [command options]\n');
    expect(h.out).toMatch(/Supported formats: .*\braw\b/);
  });
  it('gives measure glibc errors then help, status 0', async () => {
    const r = await run('measure', '-Z');
    expect(r.status).toBe(0);
    expect(r.err).toBe("measure: invalid option -- 'Z'\n");
  });
  it('checks argument counts per command', async () => {
    expect((await run('info')).err).toBe(`qemu-img: Expecting one image file name\n${HINT}`);
    expect((await run('compare', 'a')).err).toBe(`qemu-img: Expecting two image file names\n${HINT}`);
    expect((await run('resize', 'a')).err).toBe(`qemu-img: Not enough arguments\n${HINT}`);
    expect((await run('create')).err).toBe(`qemu-img: Expecting image file name\n${HINT}`);
    expect((await run('convert')).err).toBe('qemu-img: Must specify image file name\n');
    expect((await run('dd', 'if=a')).err).toBe('qemu-img: Must specify both input and output files\n');
    expect((await run('dd', 'foo=1')).err).toBe('qemu-img: unrecognized operand foo\n');
  });
  it('reports size parse errors as QEMU does', async () => {
    expect((await run('create', 'a.img', '1Q')).err).toBe(
      'qemu-img: Invalid image size specified. You may use k, M, G, T, P or E suffixes for\n' +
        'qemu-img: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.\n',
    );
    expect((await run('create', 'a.img', '8E')).err).toBe(
      'qemu-img: Invalid image size specified. Must be between 0 and 9223372036854775807.\n',
    );
    expect((await run('convert', '-S', '1000', 'a', 'b')).err).toContain('Valid sizes are multiples of 512 up to 16777216.');
  });
});
