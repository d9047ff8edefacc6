import { spawn } from "node:child_process";
import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import pg from "pg";
import { ConflictError, ValidationError } from "../core/errors.js";
import { databaseName } from "./admin.js";

/**
 * Backups are PostgreSQL's own: `pg_dump --format=custom` (compressed, every
 * table, sequence and the migrations table, restorable table by table) and
 * `pg_restore` in one transaction, so a restore that fails half-way leaves the
 * target as it was. Media and built sites are not in the database: media lives
 * in S3 (versioned bucket) or .data/media, and sites are rebuilt from the
 * catalog (`mall site rebuild --all`), so the database is the one thing to keep.
 */
export interface BackupResult {
  file: string;
  database: string;
  bytes: number;
  durationMs: number;
}

export interface RestoreResult {
  file: string;
  database: string;
  tables: number;
  migrations: number;
  durationMs: number;
}

export async function backupDatabase(databaseUrl: string, file: string): Promise<BackupResult> {
  const started = Date.now();
  await mkdir(dirname(file), { recursive: true });
  await runPgTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", file, "--dbname", databaseUrl]);
  return { file, database: databaseName(databaseUrl), bytes: (await stat(file)).size, durationMs: Date.now() - started };
}

/**
 * Restores a backup into the database at `targetUrl`, which must exist and be
 * empty: restoring over live data would mix two histories, so a non-empty
 * target is refused unless `replace` is set, which drops the public schema first
 * (inside the same transaction as the restore).
 */
export async function restoreDatabase(targetUrl: string, file: string, options: { replace?: boolean } = {}): Promise<RestoreResult> {
  const started = Date.now();
  if (!isDatabaseUrl(targetUrl)) {
    throw new ValidationError("targetUrl", "نشانی پایگاه داده باید به شکل postgres://user@host:port/name باشد.", "invalid_database_url");
  }
  await stat(file).catch(() => {
    throw new ValidationError("file", `فایل پشتیبان پیدا نشد: ${file}`, "backup_not_found");
  });
  const existing = await tableCount(targetUrl);
  if (existing > 0 && !options.replace) {
    throw new ConflictError(
      "targetUrl",
      `پایگاه دادهٔ مقصد خالی نیست (${existing} جدول دارد)؛ برای جایگزینی --replace بدهید.`,
      "restore_target_not_empty",
    );
  }
  const args = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", targetUrl];
  if (options.replace) args.push("--clean", "--if-exists");
  await runPgTool("pg_restore", [...args, file]);
  const client = new pg.Client({ connectionString: targetUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>("SELECT count(*)::int AS count FROM migrations");
    return {
      file,
      database: databaseName(targetUrl),
      tables: await tableCount(targetUrl),
      migrations: rows[0]?.count ?? 0,
      durationMs: Date.now() - started,
    };
  } finally {
    await client.end();
  }
}

function isDatabaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && /^\/[A-Za-z0-9_]+$/.test(url.pathname);
  } catch {
    return false;
  }
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>("SELECT count(*)::int AS count FROM pg_tables WHERE schemaname = 'public'");
    return rows[0]?.count ?? 0;
  } finally {
    await client.end();
  }
}

/** Runs pg_dump/pg_restore; its own error text (one line) becomes the error, never a stack. */
function runPgTool(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error) => reject(new Error(`${command} could not start: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} failed: ${stderr.trim().split("\n")[0] ?? `exit ${code}`}`));
    });
  });
}
