import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port.js";
import { postgresOwnedTempDir, postgresUser } from "./postgres-user.js";

export const PGBOUNCER = "/usr/sbin/pgbouncer";

export interface PgBouncer {
  port: number;
  /** `url` with its host and port changed to the pooler's (same user, same database). */
  through(url: string): string;
  log(): string;
  /** Transactions PgBouncer has passed on, over every database (its console's SHOW STATS). */
  transactions(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Debian's PgBouncer in transaction pooling mode on a free port, in front of
 * the PostgreSQL at `target` (host:port). Every database name is passed
 * through (`* =`), so each test file's own database works; `poolSize` server
 * connections per database and user.
 */
export async function startPgBouncer(options: { target: string; poolSize?: number }): Promise<PgBouncer> {
  const [host, port] = options.target.split(":");
  const dir = postgresOwnedTempDir("mall-pgbouncer-");
  const listenPort = await freePort();
  const ini = join(dir, "pgbouncer.ini");
  writeFileSync(join(dir, "userlist.txt"), `"postgres" ""\n`);
  writeFileSync(
    ini,
    `[databases]
* = host=${host} port=${port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${listenPort}
unix_socket_dir =
auth_type = trust
auth_file = ${dir}/userlist.txt
pool_mode = transaction
default_pool_size = ${options.poolSize ?? 20}
max_client_conn = 500
server_reset_query =
admin_users = postgres
ignore_startup_parameters = extra_float_digits,options
logfile = ${dir}/pgbouncer.log
pidfile = ${dir}/pgbouncer.pid
`,
  );
  const { uid, gid } = postgresUser();
  for (const file of ["userlist.txt", "pgbouncer.ini"]) chownSync(join(dir, file), uid, gid);
  const child: ChildProcess = spawn(PGBOUNCER, [ini], { uid, gid, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));
  const log = () => {
    try {
      return readFileSync(join(dir, "pgbouncer.log"), "utf8");
    } catch {
      return "";
    }
  };
  for (let tries = 0; !(await listening(listenPort)); tries++) {
    if (child.exitCode !== null || tries > 100) throw new Error(`pgbouncer did not start: ${errors}${log()}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return {
    port: listenPort,
    through: (url) => throughPooler(url, listenPort),
    log,
    async transactions() {
      const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${listenPort}/pgbouncer` });
      await client.connect();
      try {
        const { rows } = await client.query<{ total_xact_count: string }>("SHOW STATS");
        return rows.reduce((sum, row) => sum + Number(row.total_xact_count), 0);
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `url` with its host and port changed to a PgBouncer's on this machine (same user, same database). */
export function throughPooler(url: string, port: number): string {
  const pooled = new URL(url);
  pooled.hostname = "127.0.0.1";
  pooled.port = String(port);
  return pooled.toString();
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
