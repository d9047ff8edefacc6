/**
 * HTTP load on loopback for `npm run bench`: Debian's `wrk` when installed
 * (C, two threads: it stays out of the way of what it measures on a small
 * machine), otherwise autocannon (a dev dependency, so a fresh clone can
 * always run the bench). Both sides of every ratio use the same generator.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** A different X-Forwarded-For on every request: each shopper has an address of their own, as the API's per-address limit expects. */
  spreadClients?: boolean;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  errorDetail?: string;
  generator: "wrk" | "autocannon";
}

const WRK = "/usr/bin/wrk";

/** Prints wrk's summary as one JSON line; with spread clients, each request carries a random client address. */
const WRK_SCRIPT = `
local spread = os.getenv("BENCH_SPREAD") == "1"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() statuses = {} end
request = function()
  if spread then
    wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  end
  return wrk.format()
end
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  local e = summary.errors
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
  end
  local other = ""
  for status, n in pairs(counts) do
    if status ~= 200 then other = other .. ", " .. n .. " × " .. status end
  end
  io.write(string.format('{"requests":%d,"micros":%d,"errors":%d,"detail":"connect %d, read %d, write %d, timeout %d%s","p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout, e.connect, e.read, e.write, e.timeout, other,
    latency:percentile(50), latency:percentile(99)))
end
`;

let scriptPath: string | undefined;

export function loadGenerator(): "wrk" | "autocannon" {
  return process.env.BENCH_LOAD === "autocannon" || !existsSync(WRK) ? "autocannon" : "wrk";
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return loadGenerator() === "wrk" ? runWrk(options) : runAutocannon(options);
}

function runWrk(options: LoadOptions): Promise<LoadResult> {
  scriptPath ??= join(mkdtempSync(join(tmpdir(), "mall-bench-wrk-")), "report.lua");
  writeFileSync(scriptPath, WRK_SCRIPT);
  // "Host" spelled so: wrk.format() adds a second Host header unless it finds exactly this key.
  const headers = Object.entries(options.headers ?? {}).flatMap(([name, value]) => [
    "-H",
    `${name.toLowerCase() === "host" ? "Host" : name}: ${value}`,
  ]);
  const args = ["-t2", `-c${options.connections}`, `-d${options.seconds}s`, "--timeout", "10s", "-s", scriptPath, ...headers, options.url];
  return new Promise((resolve, reject) => {
    execFile(
      WRK,
      args,
      { env: { ...process.env, BENCH_SPREAD: options.spreadClients ? "1" : "0" }, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((l) => l.startsWith("{"));
        if (error || !line) return reject(new Error(`wrk failed: ${error?.message ?? ""} ${stderr}`));
        const parsed = JSON.parse(line) as { requests: number; micros: number; errors: number; detail: string; p50: number; p99: number };
        resolve({
          requests: parsed.requests,
          perSecond: parsed.requests / (parsed.micros / 1e6),
          p50Ms: parsed.p50 / 1000,
          p99Ms: parsed.p99 / 1000,
          errors: parsed.errors,
          errorDetail: parsed.detail,
          generator: "wrk",
        });
      },
    );
  });
}

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

async function runAutocannon(options: LoadOptions): Promise<LoadResult> {
  // autocannon ships CommonJS without types; this is the part of its result we read.
  const require = createRequire(import.meta.url);
  const autocannon = require("autocannon") as Autocannon;
  let client = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    headers: options.headers ?? {},
    ...(options.spreadClients
      ? {
          requests: [
            {
              setupRequest: (req: { headers: Record<string, string> }) => ({
                ...req,
                headers: { ...req.headers, "x-forwarded-for": `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client++ & 255}` },
              }),
            },
          ],
        }
      : {}),
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    errorDetail: `errors ${result.errors}, non-2xx ${result.non2xx}, timeout ${result.timeouts}`,
    generator: "autocannon",
  };
}
