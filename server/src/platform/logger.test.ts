import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const logger = fileURLToPath(new URL("./logger.ts", import.meta.url));

/** What a process using createLogger prints on stdout, under the given NODE_ENV. */
function printed(nodeEnv: string): string[] {
  const code = `
    const { createLogger } = await import(${JSON.stringify(logger)});
    const log = createLogger({ LOG_LEVEL: "info", NODE_ENV: ${JSON.stringify(nodeEnv)} }, "worker");
    log.info({ storeId: "s1" }, "site built");
    log.info({ req: { method: "GET", url: "/api/v1/products" }, res: { statusCode: 200 }, responseTime: 31 }, "request completed");
  `;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return out.trim().split("\n");
}

describe("log lines", () => {
  it("prints readable lines in development: time, level, role, message, then the fields; a request as method, path, status and time", () => {
    const [event, request] = printed("development");
    expect(event).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: worker site built \{"storeId":"s1"\}$/);
    expect(request).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: worker GET \/api\/v1\/products 200 \(31 ms\)$/);
  });

  it("keeps one JSON object a line in production", () => {
    const [event, request] = printed("production").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(event).toMatchObject({ level: 30, role: "worker", msg: "site built", storeId: "s1" });
    expect(request).toMatchObject({ msg: "request completed", res: { statusCode: 200 }, responseTime: 31 });
  });
});
