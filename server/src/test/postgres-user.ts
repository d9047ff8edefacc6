import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * PostgreSQL and PgBouncer refuse to run as root, and tests run as root: the
 * services a test starts run as the `postgres` user, in a folder it owns.
 */
export function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim()));
  return { uid: uid!, gid: gid! };
}

/** A fresh folder under the system's temp dir, owned by `postgres`. */
export function postgresOwnedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const { uid, gid } = postgresUser();
  chownSync(dir, uid, gid);
  return dir;
}
