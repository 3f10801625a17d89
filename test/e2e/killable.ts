import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';

/**
 * A Chromium of its own, with its profile in a directory on disk, that a test can kill the way a
 * flat battery or the system's task killer does: SIGKILL to the whole process group, no goodbye.
 * Playwright's persistent contexts do not hand out their process, so the browser is started here
 * and driven over the DevTools protocol. Launch it again on the same directory to "turn the phone
 * back on": IndexedDB, the service worker and its caches are whatever reached the disk.
 */
export interface KillablePhone {
  context: BrowserContext;
  /** A fresh tab (the first one reused), sized like a phone. */
  newPage(): Promise<Page>;
  kill(): Promise<void>;
  close(): Promise<void>;
  /** The end of what this Chromium printed (its own errors: storage, crashes), to explain a failure. */
  log(): string;
}

/** A directory for one phone's profile, removed by `removeProfile`. */
export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'ashar-phone-'));
}

export function removeProfile(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function launchKillable(profileDir: string): Promise<KillablePhone> {
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_ARGS,
      `--user-data-dir=${profileDir}`,
      '--remote-debugging-port=0',
      '--lang=ky-KG',
      '--accept-lang=ky-KG,ky',
      '--window-size=360,740',
      'about:blank',
    ],
    // Its own process group, so one signal reaches the renderers and the storage service too.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = await devToolsEndpoint(child);
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-200_000);
  });
  const browser: Browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0]!;
  let blankTab: Page | undefined = context.pages()[0];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return {
    context,
    async newPage() {
      const page = blankTab ?? (await context.newPage());
      blankTab = undefined;
      await page.setViewportSize({ width: 360, height: 740 });
      return page;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
      await exited;
      await groupGone(child.pid!);
    },
    log: () => log,
    async close() {
      // Shut down as a person closing the browser does, so that what it keeps for later (local
      // storage is written to disk a few seconds after a change) reaches the disk; a signal to
      // the group would stop its storage process before that.
      const session = await browser.newBrowserCDPSession().catch(() => null);
      await session?.send('Browser.close').catch(() => undefined);
      const closed = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 30_000))]);
      if (!closed && child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await groupGone(child.pid!);
    },
  };
}

function devToolsEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${output}`)), 20_000);
    child.once('error', reject);
    child.stderr!.on('data', (chunk: Buffer) => {
      // Read on to the end, or Chromium blocks once the pipe is full.
      if (output.includes('DevTools listening on ')) return;
      output += chunk.toString();
      const match = /DevTools listening on (ws:\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
}

/**
 * Waits until no process of the browser's group is left. The browser's own process goes first;
 * its storage and renderer processes can outlive it for a moment on a busy machine (a write to
 * disk in progress), still holding the profile's database locks: a browser started on the same
 * profile meanwhile could not open IndexedDB, which no phone turned off and on again sees.
 */
async function groupGone(groupId: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (liveMembers(groupId) > 0) {
    if (Date.now() > deadline) throw new Error(`processes of browser group ${groupId} still running 30 s after it was stopped`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Processes of the group that still run (a zombie, dead but not yet reaped, holds nothing). */
function liveMembers(groupId: number): number {
  let live = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (name) state ppid pgrp …": the name may hold spaces and parentheses, so read after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === groupId && state !== 'Z' && state !== 'X') live += 1;
  }
  return live;
}
