import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DataFolderLockedError, lockDataFolder, lockFileName } from './data-folder-lock.js';
import { processStart } from './lock-file.js';

const folders: string[] = [];
const children: Array<{ kill: () => void }> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'chatbuddy-lock-'));
  folders.push(folder);
  return folder;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** A live process that is not this one (ended after the test). */
async function livePid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push({ kill: () => child.kill('SIGKILL') });
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid!;
}

describe('lockDataFolder', () => {
  it('writes pid and start time with O_EXCL, refuses a second opener, and is free again after release', () => {
    const folder = freshFolder();
    const lock = lockDataFolder(folder);
    const owner = JSON.parse(readFileSync(join(folder, lockFileName), 'utf8'));
    expect(owner.pid).toBe(process.pid);
    expect(Date.parse(owner.lockedAt)).not.toBeNaN();
    const refused = (() => {
      try {
        lockDataFolder(folder);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(DataFolderLockedError);
    expect(refused).toMatchObject({ code: 'data_folder_locked', pid: process.pid });
    expect((refused as Error).message).toContain(
      `the server is running on this data folder (pid ${process.pid}); stop it or use the HTTP API`,
    );
    lock.release();
    lock.release();
    expect(existsSync(join(folder, lockFileName))).toBe(false);
    lockDataFolder(folder).release();
  });

  it('refuses while another live process holds the lock', async () => {
    const folder = freshFolder();
    const pid = await livePid();
    writeFileSync(join(folder, lockFileName), JSON.stringify({ pid, lockedAt: new Date().toISOString() }));
    expect(() => lockDataFolder(folder)).toThrow(`(pid ${pid})`);
    expect(JSON.parse(readFileSync(join(folder, lockFileName), 'utf8')).pid).toBe(pid);
  });

  it('takes over the stale lock of a process that is gone', () => {
    const folder = freshFolder();
    writeFileSync(join(folder, lockFileName), JSON.stringify({ pid: deadPid(), lockedAt: 'then' }));
    const lock = lockDataFolder(folder);
    expect(JSON.parse(readFileSync(join(folder, lockFileName), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over the lock of a process that was killed but not yet collected by its parent (a zombie)', async () => {
    const folder = freshFolder();
    // The child exits a moment after its parent has become `sleep`, which never collects it.
    // (A child that exits before the `exec` may be collected by the shell itself.)
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 60'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push({ kill: () => parent.kill('SIGKILL') });
    const pid = Number(
      await new Promise<string>((resolve) => parent.stdout.once('data', (data) => resolve(String(data)))),
    );
    let state = '';
    for (let wait = 0; wait < 250 && state !== 'Z'; wait += 1) {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
      if (state !== 'Z') await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(state).toBe('Z');
    writeFileSync(
      join(folder, lockFileName),
      JSON.stringify({ pid, lockedAt: 'then', processStart: processStart(pid) }),
    );
    const lock = lockDataFolder(folder);
    expect(JSON.parse(readFileSync(join(folder, lockFileName), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (a different start time)', async () => {
    const folder = freshFolder();
    const pid = await livePid();
    const lockedAt = new Date().toISOString();
    writeFileSync(join(folder, lockFileName), JSON.stringify({ pid, lockedAt, processStart: '1' }));
    const lock = lockDataFolder(folder);
    expect(JSON.parse(readFileSync(join(folder, lockFileName), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('treats an empty or garbled lock file as stale after waiting briefly for its writer', () => {
    for (const content of ['', '{"pid":', 'not json', '{"pid":-3}']) {
      const folder = freshFolder();
      writeFileSync(join(folder, lockFileName), content);
      lockDataFolder(folder).release();
      expect(existsSync(join(folder, lockFileName))).toBe(false);
    }
  });

  it('does not remove a lock file that another process has taken since', () => {
    const folder = freshFolder();
    const lock = lockDataFolder(folder);
    const foreign = JSON.stringify({ pid: 1, lockedAt: 'now' });
    writeFileSync(join(folder, lockFileName), foreign);
    lock.release();
    expect(readFileSync(join(folder, lockFileName), 'utf8')).toBe(foreign);
  });

  it('removes the lock when the process ends without closing (exit, or an unhandled SIGTERM)', () => {
    const module = new URL('./data-folder-lock.ts', import.meta.url).pathname;
    for (const ending of ['process.exit(0)', "process.kill(process.pid, 'SIGTERM')"]) {
      const folder = freshFolder();
      const script = `import { lockDataFolder } from ${JSON.stringify(module)};
        lockDataFolder(${JSON.stringify(folder)}); setInterval(() => {}, 1000); ${ending};`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
      expect(child.stderr.toString()).toBe('');
      expect(existsSync(join(folder, lockFileName))).toBe(false);
    }
  });
});
