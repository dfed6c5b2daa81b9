// hostapd's own parser as a test's judge of a config, with no radio here (facts.md §8): the driver set to
// none and the control socket moved to a temp folder, nothing else changed. A config it accepts runs until
// killed and moves the interface out of UNINITIALIZED right after parsing it (then waits 5 s for a
// regulatory update that never comes); a rejected one exits at once with "Line N: …".
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hostapdAccepts(config: string): Promise<{ accepted: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'copi-hostapd-'));
  const file = join(dir, 'hostapd.conf');
  writeFileSync(file, config.replace(/^driver=nl80211$/m, 'driver=none').replace(/^ctrl_interface=.*$/m, `ctrl_interface=${join(dir, 'ctrl')}`));
  return new Promise<{ accepted: boolean; output: string }>((resolve, reject) => {
    const child = spawn('hostapd', [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let accepted = false;
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (!accepted && /interface state UNINITIALIZED->/.test(output)) {
        accepted = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', () => resolve({ accepted, output }));
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}
