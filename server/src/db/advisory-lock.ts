import type { DataSource, EntityManager } from "typeorm";

/** How long a waiting holder sleeps between tries, at most. */
const MAX_POLL_MS = 250;

/**
 * Runs `work` holding a PostgreSQL advisory lock named `key` (one at a time
 * across every process), and releases it when `work` ends or its process dies.
 *
 * The lock is transaction-scoped (`pg_try_advisory_xact_lock` in a
 * transaction that stays open while `work` runs), never a session lock:
 * behind PgBouncer in transaction pooling, the statements of one session
 * between transactions may run on different server connections, so a session
 * lock taken by one would be released by none, and a second holder landing
 * on the same server connection would take it again at once. The transaction
 * only holds the lock; `work` writes on its own connections. A waiter does
 * not keep a transaction (and a pooled server connection) open while it
 * waits: it tries, and sleeps between tries.
 *
 * The key space is `hashtext(key)`, the same lock a session-level
 * `pg_advisory_lock(hashtext(key))` takes, so a process of the previous
 * release still excludes this one during a rolling deploy.
 */
export async function withAdvisoryLock<T>(dataSource: DataSource, key: string, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner("master");
  await runner.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      await runner.startTransaction();
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [key])) as [{ locked: boolean }];
      if (locked) break;
      await runner.rollbackTransaction();
      await new Promise((wake) => setTimeout(wake, Math.min(MAX_POLL_MS, 20 * 2 ** attempt)));
    }
    try {
      return await work();
    } finally {
      await runner.commitTransaction().catch(() => {});
    }
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
    await runner.release();
  }
}

/**
 * Takes the advisory lock named `parts.join(":")` for the rest of the
 * caller's transaction (`pg_advisory_xact_lock`: released at commit or
 * rollback, so it holds behind PgBouncer too); a second caller waits. For
 * work already in a transaction that must take turns (one shopper's cart, one
 * store's SMS budget); `withAdvisoryLock` is for long work that should not
 * hold a transaction while it waits.
 */
export async function lockForTransaction(manager: EntityManager, ...parts: string[]): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [parts.join(":")]);
}
