import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";

export const CLAMD_BINARY = "/usr/sbin/clamd";

/**
 * The EICAR anti-virus test file: harmless, and detected by every scanner.
 * Built from pieces so that this source file itself is not "infected".
 */
export function eicar(): Buffer {
  return Buffer.from(["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-FILE!$H+H*"].join(""), "latin1");
}

/** The signature name clamd reports for EICAR with the database below (custom databases get ".UNOFFICIAL"). */
export const EICAR_SIGNATURE = "Eicar-Test-Signature.UNOFFICIAL";

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("data", (data) => (reply += data.toString()));
    socket.on("connect", () => socket.write("zPING\0"));
    socket.on("close", () => resolve(reply.startsWith("PONG")));
    socket.on("error", () => resolve(false));
  });
}

/**
 * The real Debian clamd, started for one test file in a folder of its own:
 * TCP on a free loopback port, in the foreground, with a one-line signature
 * database (an .ndb body signature matching EICAR anywhere in a file), since
 * the public signature download is out of reach. Starts in well under a
 * second with that database.
 */
export class ClamdDaemon {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
    readonly startedInMs: number,
  ) {}

  static available(): boolean {
    return existsSync(CLAMD_BINARY);
  }

  static async start(options: { streamMaxLength?: string } = {}): Promise<ClamdDaemon> {
    const dir = await mkdtemp(join(tmpdir(), "mall-clamd-"));
    const port = await freePort();
    const database = join(dir, "db");
    await mkdir(database);
    await writeFile(join(database, "mall-test.ndb"), `Eicar-Test-Signature:0:*:${eicar().toString("hex")}\n`);
    const conf = join(dir, "clamd.conf");
    await writeFile(
      conf,
      [
        "Foreground yes",
        `TCPSocket ${port}`,
        "TCPAddr 127.0.0.1",
        `DatabaseDirectory ${database}`,
        `LogFile ${join(dir, "clamd.log")}`,
        `PidFile ${join(dir, "clamd.pid")}`,
        // clamd refuses streams over StreamMaxLength (25 MB by default); uploads go up to the video limit.
        `StreamMaxLength ${options.streamMaxLength ?? "256M"}`,
        "MaxFileSize 256M",
        "MaxScanSize 512M",
        // Root starts it in CI and here; without `User` clamd keeps the user it was started as.
        "",
      ].join("\n"),
    );
    const started = performance.now();
    const child = spawn(CLAMD_BINARY, ["-c", conf], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (data: Buffer) => (stderr += data.toString()));
    const deadline = Date.now() + 60_000;
    while (!(await ping(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        await rm(dir, { recursive: true, force: true });
        throw new Error(`clamd did not start: ${stderr.trim() || `exit ${child.exitCode}`}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return new ClamdDaemon(port, dir, child, Math.round(performance.now() - started));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (this.child.exitCode === null) this.child.kill("SIGKILL");
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
