import { execFile } from "node:child_process";
import { appendFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./free-port.js";
import { postgresOwnedTempDir, postgresUser } from "./postgres-user.js";

const BIN = "/usr/lib/postgresql/15/bin";

export interface ReplicatedPostgres {
  /** postgres://… of the primary's `database`. */
  primaryUrl: string;
  /** postgres://… of the same database on the streaming replica (a hot standby, read-only). */
  replicaUrl: string;
  /** Stops applying the primary's changes on the replica (pg_wal_replay_pause): it falls behind on purpose. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has applied everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL primary of this test's own (initdb, its own port) and a
 * streaming read replica made from it with `pg_basebackup -R` (which writes
 * primary_conninfo and standby.signal), both run as the `postgres` user in a
 * temp folder and removed by stop(). The shared test cluster is left alone:
 * it takes no replication connections and must not be restarted.
 */
export async function startReplicatedPostgres(database: string): Promise<ReplicatedPostgres> {
  const dir = postgresOwnedTempDir("mall-replication-");
  const { uid, gid } = postgresUser();
  const run = (tool: string, args: string[]) => promisify(execFile)(join(BIN, tool), args, { uid, gid, cwd: dir });
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = join(dir, "primary");
  const replicaDir = join(dir, "replica");
  const started: string[] = [];
  const stop = async () => {
    for (const data of started.reverse()) await run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
    // initdb's pg_hba.conf already lets 127.0.0.1 in for replication with trust.
    appendFileSync(
      join(primaryDir, "postgresql.conf"),
      `\nport = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nshared_buffers = 32MB\nmax_connections = 60\n`,
    );
    await run("pg_ctl", ["-D", primaryDir, "-l", join(dir, "primary.log"), "-w", "-t", "120", "start"]);
    started.push(primaryDir);
    await run("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(primaryPort),
      "-U",
      "postgres",
      "-D",
      replicaDir,
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
    ]);
    appendFileSync(join(replicaDir, "postgresql.conf"), `\nport = ${replicaPort}\nhot_standby = on\n`);
    await run("pg_ctl", ["-D", replicaDir, "-l", join(dir, "replica.log"), "-w", "-t", "120", "start"]);
    started.push(replicaDir);
  } catch (error) {
    await stop();
    throw error;
  }
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${database}`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/${database}`;
  const query = async <T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  const maintenance = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  await query(maintenance(primaryPort), `CREATE DATABASE "${database}"`);
  return {
    primaryUrl,
    replicaUrl,
    pauseReplay: async () => void (await query(maintenance(replicaPort), "SELECT pg_wal_replay_pause()")),
    resumeReplay: async () => void (await query(maintenance(replicaPort), "SELECT pg_wal_replay_resume()")),
    async caughtUp(timeoutMs = 30_000) {
      const { lsn } = (await query<{ lsn: string }>(maintenance(primaryPort), "SELECT pg_current_wal_lsn()::text AS lsn"))[0]!;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { behind } = (
          await query<{ behind: boolean }>(
            maintenance(replicaPort),
            `SELECT coalesce(pg_last_wal_replay_lsn() < '${lsn}'::pg_lsn, true) AS behind`,
          )
        )[0]!;
        if (!behind) return;
        if (Date.now() > deadline) throw new Error(`the replica did not reach ${lsn} in ${timeoutMs} ms`);
        await new Promise((wake) => setTimeout(wake, 100));
      }
    },
    stop,
  };
}
