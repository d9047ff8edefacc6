import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/config.js";
import { createLogger } from "../platform/logger.js";
import { systemContext } from "../core/context.js";
import { createStore } from "../tenancy/tenancy.service.js";
import { buildTenant, randomPhone, randomSlug } from "../test/factories.js";
import { TcpProxy } from "../test/tcp-proxy.js";
import { useTestPlatform } from "../test/test-platform.js";
import { OutboxRelay } from "./outbox-relay.js";
import { Queues } from "./queues.js";

const test = useTestPlatform();
let proxy: TcpProxy;
let queues: Queues;
let relay: OutboxRelay;

beforeAll(async () => {
  const redisUrl = new URL(test.config.REDIS_URL);
  proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  const port = await proxy.start();
  // The relay reaches Redis through a proxy this test can cut; the database is the real one.
  queues = new Queues(parseConfig({ NODE_ENV: "test", REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: test.config.REDIS_PREFIX }));
  relay = new OutboxRelay(test.platform.dataSource, queues, createLogger({ LOG_LEVEL: "silent" }, "test"), { addTimeoutMs: 1000 });
});
afterAll(async () => {
  await queues.close();
  await proxy.stop();
});

async function unrelayed(): Promise<number> {
  const [{ count }] = await test.platform.dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE relayed_at IS NULL`);
  return count;
}

async function createStoreInTransaction(): Promise<string> {
  const tenant = await buildTenant(test.platform.dataSource);
  const store = await test.platform.dataSource.transaction((manager) =>
    createStore(systemContext(manager, "test"), { tenant: tenant.id, name: "فروشگاه", slug: randomSlug(), ownerPhone: randomPhone() }),
  );
  return store.id;
}

describe("the outbox", () => {
  it("writes the event in the change's transaction: a rolled-back change leaves no event", async () => {
    const before = await unrelayed();
    const tenant = await buildTenant(test.platform.dataSource);
    await expect(
      test.platform.dataSource.transaction(async (manager) => {
        await createStore(systemContext(manager, "test"), {
          tenant: tenant.id,
          name: "فروشگاه",
          slug: randomSlug(),
          ownerPhone: randomPhone(),
        });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await unrelayed()).toBe(before);
  });

  it("keeps events while Redis is down and relays each exactly once when it is back", async () => {
    await relay.relayOnce(); // drain what earlier tests left
    await proxy.stop();
    const storeIds = [await createStoreInTransaction(), await createStoreInTransaction()];
    const whileDown = await relay.relayOnce();
    expect(whileDown.relayed).toBe(0);
    expect(await unrelayed()).toBe(2);
    const [row] = await test.platform.dataSource.query(
      `SELECT attempts, last_error FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT 1`,
    );
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBeTruthy();

    await proxy.start();
    await expect.poll(async () => (await relay.relayOnce(), await unrelayed()), { timeout: 15_000, interval: 300 }).toBe(0);

    const queue = queues.get("store-cache");
    const jobs = await queue.getJobs(["waiting", "delayed", "active", "completed"]);
    const forTheseStores = jobs.filter((job) => storeIds.includes(job.data.storeId));
    expect(forTheseStores.map((job) => job.data.storeId).sort()).toEqual([...storeIds].sort());
    expect(forTheseStores.every((job) => job.name === "store.changed")).toBe(true);
  });

  it("gives a re-relayed event the same job, so listeners see it once", async () => {
    await createStoreInTransaction();
    await relay.relayOnce();
    const queue = queues.get("store-cache");
    const countBefore = await queue.count();
    // Pretend the relay crashed after adding the job but before marking the row.
    await test.platform.dataSource.query(`UPDATE outbox SET relayed_at = NULL WHERE id = (SELECT max(id) FROM outbox)`);
    await relay.relayOnce();
    expect(await queue.count()).toBe(countBefore);
    expect(await unrelayed()).toBe(0);
  });

  it("delivers once Redis is back even when its queues were first made while Redis was down", async () => {
    await relay.relayOnce();
    await proxy.stop();
    // A relay just started, as a worker restarted during the outage: its queues are made now, without Redis.
    const freshQueues = new Queues(
      parseConfig({ NODE_ENV: "test", REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_PREFIX: test.config.REDIS_PREFIX }),
    );
    const fresh = new OutboxRelay(test.platform.dataSource, freshQueues, createLogger({ LOG_LEVEL: "silent" }, "test"), {
      addTimeoutMs: 1000,
    });
    try {
      const storeId = await createStoreInTransaction();
      expect((await fresh.relayOnce()).relayed).toBe(0);
      await proxy.start();
      await expect.poll(async () => (await fresh.relayOnce(), await unrelayed()), { timeout: 20_000, interval: 300 }).toBe(0);
      const jobs = await freshQueues.get("store-cache").getJobs(["waiting", "delayed", "active", "completed"]);
      expect(jobs.some((job) => job.data.storeId === storeId)).toBe(true);
    } finally {
      await proxy.start().catch(() => {});
      await freshQueues.close();
    }
  });
});
