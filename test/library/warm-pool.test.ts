import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { makeCover } from '../../src/main/demo/covers.js';
import { PortRunner, servePool } from '../../src/main/library/pool-port.js';
import { WarmPool } from '../../src/main/library/warm-pool.js';

const IDLE_MS = 300;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the service's describing pool", () => {
  it('starts at the first cover, serves the next scan warm, and lets its threads go once idle', async () => {
    const pool = new WarmPool(1, IDLE_MS);
    try {
      expect(pool.started).toBe(false);
      const bytes = await makeCover(1, 'pop', 120, 'jpeg');
      const first = await pool.run({ bytes: Uint8Array.from(bytes), kinds: ['tiny', 'color'], thumbnail: false });
      expect(first.ok).toBe(true);
      expect(pool.started).toBe(true);
      const again = await pool.run({ bytes: Uint8Array.from(bytes), kinds: ['tiny', 'color'], thumbnail: false });
      expect(again).toEqual(first);
      await waitFor(() => !pool.started, 10 * IDLE_MS);
      const afterIdle = await pool.run({ bytes: Uint8Array.from(bytes), kinds: ['tiny'], thumbnail: false });
      expect(afterIdle.ok).toBe(true);
    } finally {
      await pool.close();
    }
    expect(pool.started).toBe(false);
  });

  it('starts ahead of a scan when asked, and lets its threads go when no cover comes', async () => {
    const pool = new WarmPool(1, IDLE_MS);
    try {
      pool.warm();
      expect(pool.started).toBe(true);
      await waitFor(() => !pool.started, 10 * IDLE_MS);
      pool.warm();
      const bytes = await makeCover(3, 'pop', 120, 'jpeg');
      expect((await pool.run({ bytes: Uint8Array.from(bytes), kinds: ['tiny'], thumbnail: false })).ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it("answers a scan thread's covers over a port, failures included, as the pool itself does", async () => {
    const pool = new WarmPool(1, IDLE_MS);
    const { port1, port2 } = new MessageChannel();
    try {
      servePool(port1, pool);
      const runner = new PortRunner(port2, pool.threads);
      const bytes = await makeCover(2, 'pop', 120, 'jpeg');
      const task = { kinds: ['gist'] as const, thumbnail: true };
      const viaPort = await runner.run({ ...task, kinds: [...task.kinds], bytes: Uint8Array.from(bytes) });
      const direct = await pool.run({ ...task, kinds: [...task.kinds], bytes: Uint8Array.from(bytes) });
      expect(viaPort).toEqual(direct);
      const broken = await runner.run({ kinds: ['gist'], thumbnail: true, bytes: new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]) });
      expect(broken.ok).toBe(false);
      const crashing = { run: () => Promise.reject(new Error('the worker stopped')), threads: 1 };
      const { port1: out, port2: back } = new MessageChannel();
      servePool(out, crashing);
      await expect(new PortRunner(back, 1).run({ kinds: ['tiny'], thumbnail: false, bytes: new Uint8Array(1) })).rejects.toThrow('the worker stopped');
      out.close();
    } finally {
      port1.close();
      await pool.close();
    }
  });
});
