// Boots a prepared root under qemu-system (full emulation, no KVM here: systemd as PID 1, which neither
// systemd-nspawn nor qemu-user can give here) with a Pi Zero 2 W's 512 MB, and reads what the test-only
// copi-image-check unit prints on the serial console. The root gets the boot-check files first; the disk
// is an ext4 image made from the folder (mkfs.ext4 -d, no loop mount).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Arch } from './rootfs.ts';

export interface BootedBox {
  /** The guest's port 80, forwarded to this port on 127.0.0.1. */
  port: number;
  /** COPI-CHECK key=value lines; `failed` and the outputs may repeat. */
  checks: Map<string, string[]>;
  /** From qemu's start to the check unit's report, milliseconds. */
  bootMs: number;
  consoleLog: string;
  stop(): Promise<void>;
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  }).on('error', reject);
});

function addBootCheck(root: string) {
  cpSync(join(import.meta.dirname, 'boot-check'), root, { recursive: true });
  const wants = join(root, 'etc/systemd/system/multi-user.target.wants');
  mkdirSync(wants, { recursive: true });
  const link = join(wants, 'copi-image-check.service');
  if (!existsSync(link)) symlinkSync('/etc/systemd/system/copi-image-check.service', link);
}

function kernelFiles(root: string) {
  const boot = readdirSync(join(root, 'boot'));
  const kernel = boot.find((name) => name.startsWith('vmlinuz-'));
  const initrd = boot.find((name) => name.startsWith('initrd.img-'));
  if (!kernel || !initrd) throw new Error(`no kernel or initramfs in ${root}/boot (was the root made --bootable?): ${boot.join(', ')}`);
  return { kernel: join(root, 'boot', kernel), initrd: join(root, 'boot', initrd) };
}

export function makeDisk(root: string, disk: string, size = '3G') {
  execFileSync('truncate', ['-s', size, disk]);
  execFileSync('mkfs.ext4', ['-q', '-F', '-d', root, '-L', 'root', disk]);
}

// The Pi's arm64 on qemu's generic board (a Pi 4's cores), or a PC for the x64 variant; the NIC's boot ROM is
// not needed. One CPU each: with two, Node crashed now and then inside both guests (V8 "Check failed", SIGSEGV;
// never natively, nor under qemu-user), which points at qemu 7.2's multi-threaded emulation of JIT-written
// code. The PC is a plain model too (with `-cpu max` it crashed more often). CI does not boot (README.md).
const machines: Record<Arch, { qemu: string; args: string[]; console: string }> = {
  arm64: { qemu: 'qemu-system-aarch64', args: ['-M', 'virt', '-cpu', 'cortex-a72'], console: 'ttyAMA0' },
  x64: { qemu: 'qemu-system-x86_64', args: ['-M', 'q35', '-cpu', 'Nehalem', '-vga', 'none'], console: 'ttyS0' },
};

export async function boot(arch: Arch, root: string, work: string, options: { timeoutMs?: number } = {}): Promise<BootedBox> {
  const machine = machines[arch];
  addBootCheck(root);
  const { kernel, initrd } = kernelFiles(root);
  const disk = join(work, 'disk.img');
  makeDisk(root, disk);
  const port = await freePort();
  const consoleLog = join(work, 'console.log');
  const started = performance.now();
  const qemu = spawn(machine.qemu, [
    ...machine.args, '-smp', '1', '-m', '512', '-nographic', '-no-reboot',
    '-kernel', kernel, '-initrd', initrd, '-append', `root=/dev/vda rw console=${machine.console} panic=-1 systemd.journald.forward_to_console=1`,
    '-drive', `file=${disk},format=raw,if=virtio`,
    '-netdev', `user,id=n0,hostfwd=tcp:127.0.0.1:${port}-:80`, '-device', 'virtio-net-pci,netdev=n0,romfile=',
  // stdin stays an open pipe: at end of file, qemu's stdio console stops passing the serial output on.
  ], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = createWriteStream(consoleLog);
  qemu.stdout.pipe(log);
  qemu.stderr.pipe(log);
  const checks = await readChecks(qemu, options.timeoutMs ?? 15 * 60_000, consoleLog);
  return { port, checks, bootMs: Math.round(performance.now() - started), consoleLog, stop: () => stopQemu(qemu) };
}

function readChecks(qemu: ChildProcess, timeoutMs: number, consoleLog: string): Promise<Map<string, string[]>> {
  const checks = new Map<string, string[]>();
  let pending = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`no COPI-CHECK done within ${timeoutMs / 1000} s (console: ${consoleLog})`), timeoutMs);
    const fail = (message: string) => { clearTimeout(timer); qemu.kill('SIGKILL'); reject(new Error(message)); };
    qemu.on('exit', (code) => fail(`qemu exited (${code}) before the check finished (console: ${consoleLog})`));
    qemu.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split(/\r?\n/);
      pending = lines.pop()!;
      for (const line of lines) {
        // journal+console lines may carry a prefix such as "copi-image-check[123]: "
        const match = line.match(/COPI-CHECK ([^=]+)=(.*)$/) ?? line.match(/COPI-CHECK (done)()$/);
        if (!match) continue;
        const [, key, value] = match;
        if (key === 'done') {
          clearTimeout(timer);
          qemu.removeAllListeners('exit');
          resolve(checks);
          return;
        }
        checks.set(key!, [...(checks.get(key!) ?? []), value!.trim()]);
      }
    });
  });
}

async function stopQemu(qemu: ChildProcess) {
  if (qemu.exitCode !== null) return;
  const exited = new Promise((resolve) => qemu.once('exit', resolve));
  qemu.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (qemu.exitCode === null) qemu.kill('SIGKILL');
}
