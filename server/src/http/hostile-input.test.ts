import { mkdirSync, writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../identity/user.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "../test/order-fixtures.js";
import { buildProduct, buildShirtCategory, buildStore } from "../test/factories.js";
import { registeredActions } from "@mall/admin/test/admin-actions.js";
import { signInToAdmin, type AdminSession } from "@mall/admin/test/admin-server.js";
import { toPersianDigits } from "@mall/locale";
import { startWorkers, type RunningWorker } from "../main/workers.js";
import { TEST_BUNDLE_DIR } from "../test/admin-bundle-dir.js";
import { photo } from "../test/media-fixtures.js";
import {
  backOfficeRequestsFor,
  deepJson,
  requestsFor,
  operationsOf,
  type HostileRequest,
  type OpenApiOperation,
} from "../test/hostile-inputs.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { useSocialTestPlatform } from "../test/social.js";
import { buildStoreOfEverything, NO_ROW_OF_ITS_OWN, tablesWithoutRows, type StoreOfEverything } from "../test/store-of-everything.js";
import { changedTables, phoneForms, storeRows } from "../test/store-rows.js";
import type { Store } from "../tenancy/store.entity.js";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import { markOrderPaid } from "../orders/order.service.js";

/**
 * Every operation of /api/openapi.json gets generated bad and boundary
 * inputs (fast-check, fixed seed), as an anonymous visitor, as a shopper, as
 * the merchant of another store, and with a token from another store (the
 * victim store's shopper's, as its merchant could read it on their own
 * domain: no authenticated operation may accept it), with the real ids of a
 * victim store's things in the path and the body. The victim owns a row in
 * every table with a store_id (test/store-of-everything.ts; a test below
 * fails when a new table has none), and the routes outside the document get
 * generators of their own: the back office's API (every action AdminJS
 * registers), Telegram's webhook and the media files and uploads.
 * Nothing may answer 5xx or show a stack trace, nothing of the victim store
 * (its secrets, its rows' ids, its phone numbers in every form Mall prints
 * them) may appear in an answer, every 4xx is `{ error: { code, message } }`
 * and every 400 names its field; every table with a store_id holds the
 * victim's rows as they were (a failure names the tables). The table of
 * requests per operation goes to the console and .reports/hostile-input.json.
 */
const WEBHOOK_SECRET = "hostile-webhook-secret-0123456789";
/** Requests per back-office action (there are 150 or so). */
const BACK_OFFICE_REQUESTS = Number(process.env.HOSTILE_BACK_OFFICE_REQUESTS ?? 6);
/** A small upload limit, so "past the size limit" is a small request. */
const MAX_IMAGE_BYTES = 64 * 1024;
const REQUESTS_PER_ROLE = Number(process.env.HOSTILE_REQUESTS ?? 20);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261125);
const PARALLEL = 6;

const test = useSocialTestPlatform({
  TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
  MEDIA_MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES),
  ADMIN_JS_TMP_DIR: TEST_BUNDLE_DIR,
  ...(process.env.HOSTILE_LOG ? { LOG_LEVEL: process.env.HOSTILE_LOG } : {}),
});
let server: TestServer;

let victim: StoreOfEverything;
let attacker: { store: Store; owner: User; ids: Record<string, string[]> };
let shopper: User;
/** Every form of the victim's phone numbers, and its secrets, with its rows' ids: none may reach an attacker. */
let forbidden: string[];

/** What the attacker's own store has, so its own ids are tried beside the victim's. */
async function buildAttacker() {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name: "فروشگاه مهاجم" });
  const { category } = await buildShirtCategory(dataSource, store.id);
  const product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "کالای مهاجم",
    basePrice: 1_000_000,
    stock: 3,
  });
  const [owner] = await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId]);
  return { store, owner: owner as User, ids: { storeId: [store.id], productId: [product.id], categoryId: [category.id] } };
}

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
  victim = await buildStoreOfEverything(test, server, "فروشگاه قربانی");
  forbidden = [...victim.secrets, ...victim.rowIds, ...victim.phones.flatMap(phoneForms)];
  attacker = await buildAttacker();
  shopper = await buildUser(test.platform.dataSource);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });

function send(method: string, request: HostileRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.contentType) headers["content-type"] = request.contentType;
  // A length, not chunks: Node's own parser refuses a chunked GET before the app sees it.
  if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
  const path = request.query ? `${request.path}?${request.query}` : request.path;
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: server.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"] ?? ""),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

const STACK_TRACE =
  /\n\s+at [\w$.<>[\] ]+\(|node_modules|\/work\/|\.ts:\d+:\d+|QueryFailedError|TypeORMError|syntax error at or near|TypeError|ReferenceError|RangeError/;
/** Locations a 400 may name when no single field is to blame. */
const LOCATIONS = new Set(["path", "body", "query", "params", "headers", "file", "host", "x-store"]);

/** What is wrong with one answer, or nothing. */
function problemsOf(operation: OpenApiOperation, request: HostileRequest, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  if (STACK_TRACE.test(answer.text)) problems.push(`stack trace or internals in the body: ${answer.text.slice(0, 200)}`);
  // The victim's things by id, asked for by someone who is not its merchant or shopper: never a success.
  if (answer.status < 300 && victim.rowIds.some((id) => request.path.includes(id)))
    problems.push(`answered ${answer.status} to a path with the victim store's id`);
  problems.push(...leaksIn(answer.text, `${request.path} ${request.query} ${request.body ?? ""}`));
  // 431 is Node's own answer to headers past its limit, before the app: no body to check.
  if (answer.status >= 400 && answer.status < 500 && answer.status !== 431) {
    if (operation.html && answer.contentType.includes("text/html")) {
      // A page the shopper's browser lands on (a gateway's return): a Persian page, not JSON.
      if (!/<html[^>]+dir="rtl"/.test(answer.text))
        problems.push(`${answer.status} page is not a right-to-left Persian page: ${answer.text.slice(0, 200)}`);
    } else if (!answer.contentType.includes("json")) problems.push(`${answer.status} is not JSON (${answer.contentType})`);
    else {
      const error = (JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown; field?: unknown } }).error;
      if (typeof error?.code !== "string" || typeof error.message !== "string")
        problems.push(`${answer.status} without error.code/message: ${answer.text.slice(0, 200)}`);
      if (answer.status === 400) {
        const field = typeof error?.field === "string" ? error.field : "";
        const head = field.split(".")[0]!;
        if (!field) problems.push(`400 (${String(error?.code)}) names no field: ${answer.text.slice(0, 200)}`);
        else if (
          !LOCATIONS.has(head) &&
          !request.fields.includes(head) &&
          !operation.parameters.some((parameter) => parameter.name === head) &&
          !(head in (operation.jsonBody?.properties ?? {}))
        )
          problems.push(`400 names "${field}", which the input does not have`);
      }
    }
  }
  return problems;
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function seedOf(text: string): number {
  let hash = SEED;
  for (const char of text) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * The victim's secrets, its rows' ids and every form of its phone numbers
 * found in an answer (an id the request itself carried may come back in an
 * error about it: that tells the caller nothing new).
 */
function leaksIn(text: string, asked: string): string[] {
  const leaked = forbidden.filter((secret) => text.includes(secret) && !asked.includes(secret));
  return leaked.length ? [`the victim store's data in the answer: ${leaked.join(", ")}`] : [];
}

/**
 * Ids to try for a parameter or field: the victim's first (its store id with
 * its product's, say), the attacker's own beside them; a name ending in Id or
 * Ids that the victim's map does not know gets any of the victim's row ids.
 */
function idsFor(name: string): string[] {
  const known = victim.ids[name] ?? (/Ids?$/.test(name) ? victim.rowIds : []);
  return [...known, ...(attacker.ids[name] ?? [])];
}

/**
 * The victim's rows in every table with a store_id. Left out: the outbox
 * relay's bookkeeping (relayed_at, attempts, last_error), which the workers
 * started for the back office's sign-in SMS set on the victim's own earlier
 * events in the background (a new event of the victim's still counts); and
 * payment_exchanges rows of operation `callback`, the log of what arrived at
 * a payment's public callback URL (anyone may call it: the gateway sends the
 * shopper's browser there, and the answer is checked above), which the
 * victim's own payment, started but never returned from, has none of.
 */
async function victimState(): Promise<Record<string, unknown[]>> {
  const rows = await storeRows(test.platform.dataSource, victim.store.id, [], { outbox: ["relayed_at", "attempts", "last_error"] });
  rows.payment_exchanges = rows.payment_exchanges!.filter((row) => (row as { operation: string }).operation !== "callback");
  return rows;
}

/** Whether a 4xx answer is the API's error shape. */
function errorShaped(answer: Answer): boolean {
  if (!answer.contentType.includes("json")) return false;
  const error = (JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } }).error;
  return typeof error?.code === "string" && typeof error.message === "string";
}

/** Sends each request, and returns what is wrong with the answers: 5xx, internals, the victim's data, and what `check` adds. */
async function tryAll(
  label: string,
  requests: Array<HostileRequest & { method: string }>,
  check: (request: HostileRequest, answer: Answer) => string[] = () => [],
): Promise<string[]> {
  const failures: string[] = [];
  await pool(requests, async (request) => {
    const answer = await send(request.method, request).catch((error: Error) => ({
      status: 0,
      contentType: "",
      text: `connection failed: ${error.message}`,
    }));
    const problems = [
      ...(answer.status === 0 || answer.status >= 500 ? [`answered ${answer.status}: ${answer.text.slice(0, 200)}`] : []),
      ...(STACK_TRACE.test(answer.text) ? [`stack trace or internals in the body: ${answer.text.slice(0, 200)}`] : []),
      ...leaksIn(answer.text, `${request.path} ${request.query} ${String(request.body ?? "")}`),
      ...check(request, answer),
    ];
    for (const problem of problems)
      failures.push(`${label} (${request.kind}) ${request.path}${request.query ? `?${request.query.slice(0, 120)}` : ""}: ${problem}`);
  });
  return failures;
}

describe("the victim store", () => {
  it("owns a row in every table with a store_id (but the few on NO_ROW_OF_ITS_OWN, each with its reason)", async () => {
    expect(tablesWithoutRows(await victimState()), "tables with a store_id where the victim owns no row").toEqual([]);
    for (const [table, reason] of Object.entries(NO_ROW_OF_ITS_OWN)) expect(reason, table).not.toBe("");
  });
});

describe("hostile input on every operation of the OpenAPI document", () => {
  it("never answers 5xx, never shows internals or another store's data, and names the field of every 400", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(50);
    const before = await victimState();
    const host = `${attacker.store.slug}.mall.localhost`;
    const roles = {
      anonymous: { host },
      shopper: { host, ...bearer(test.config, shopper) },
      "other-merchant": { host, ...bearer(test.config, attacker.owner) },
      "other-store-token": { host, ...bearer(test.config, victim.shopper, { storeId: victim.store.id }) },
    };
    // The victim's ids first, the attacker's own beside them (its store id with the victim's product id, say).
    const ids = idsFor;
    const failures: string[] = [];
    const table: Array<{
      operation: string;
      anonymous: number;
      shopper: number;
      "other-merchant": number;
      "other-store-token": number;
      statuses: string;
    }> = [];

    for (const operation of operations) {
      const label = `${operation.method} ${operation.path}`;
      const counts: Record<string, number> = {};
      const statuses = new Map<number, number>();
      for (const [role, headers] of Object.entries(roles)) {
        // Rate limits would turn the rest into 429s: every operation and role starts with a fresh allowance.
        await clearRateLimits(test.platform);
        const requests = fc.sample(requestsFor(operation, ids, headers), { seed: seedOf(`${label} ${role}`), numRuns: REQUESTS_PER_ROLE });
        counts[role] = requests.length;
        await pool(requests, async (request) => {
          const answer = await send(operation.method, request).catch((error: Error) => ({
            status: 0,
            contentType: "",
            text: `connection failed: ${error.message}`,
          }));
          if (answer.status === 0) failures.push(`${label} as ${role} (${request.kind}) ${request.path}: ${answer.text}`);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (role === "other-store-token" && operation.authenticated && answer.status < 300) {
            failures.push(`${label} with a token from another store (${request.kind}) ${request.path}: accepted (${answer.status})`);
          }
          for (const problem of problemsOf(operation, request, answer)) {
            failures.push(
              `${label} as ${role} (${request.kind}) ${request.path}${request.query ? `?${request.query.slice(0, 120)}` : ""} body ${String(request.body).slice(0, 120)}: ${problem}`,
            );
          }
        });
      }
      table.push({
        operation: label,
        anonymous: counts.anonymous!,
        shopper: counts.shopper!,
        "other-merchant": counts["other-merchant"]!,
        "other-store-token": counts["other-store-token"]!,
        statuses: [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${status}×${count}`)
          .join(" "),
      });
    }

    const total = table.reduce((sum, row) => sum + row.anonymous + row.shopper + row["other-merchant"] + row["other-store-token"], 0);
    const lines = [
      `hostile input: ${total} requests over ${table.length} operations (seed ${SEED})`,
      ...table.map(
        (row) =>
          `${row.operation.padEnd(72)} ${String(row.anonymous).padStart(3)} ${String(row.shopper).padStart(3)} ${String(row["other-merchant"]).padStart(3)} ${String(row["other-store-token"]).padStart(3)}  ${row.statuses}`,
      ),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    mkdirSync(resolve(import.meta.dirname, "../../../.reports"), { recursive: true });
    writeFileSync(
      resolve(import.meta.dirname, "../../../.reports/hostile-input.json"),
      JSON.stringify({ seed: SEED, total, operations: table }, null, 2),
    );

    // Both at once, so a failing run says what was answered and which of the victim's tables changed.
    expect({
      failures: failures.slice(0, 40),
      "tables with a store_id whose victim rows changed": changedTables(before, await victimState()),
    }).toEqual({
      failures: [],
      "tables with a store_id whose victim rows changed": [],
    });
    // ~12 s on an idle machine (~85 s under a load of 20 on 2 cores); the operations grow with the API, and CI shares its cores.
  }, 240_000);
});

/**
 * The back office's own API (AdminJS at /admin/api, outside the OpenAPI
 * document): every action of every resource, as registered, tried by the
 * attacker store's merchant with the victim's ids and hostile params.
 * AdminJS refuses with a 403/404 or with its own error notice (200, no
 * record); a list or search may answer 200 with the attacker's own rows.
 * Never a 5xx, never the victim's data, and the victim's tables as they were.
 */
describe("hostile input on the back office", () => {
  let workers: RunningWorker | undefined;
  let merchant: AdminSession;
  beforeAll(async () => {
    // Sign-in codes go out through the SMS queue (the console driver); the worker delivers them.
    workers = startWorkers(test.platform, { queues: ["sms"], relayIntervalMs: 100 });
    merchant = await signInToAdmin(server, test.platform, attacker.owner.phone);
  }, 120_000);
  afterAll(async () => {
    await workers?.stop();
  });

  it("every action of every resource: never 5xx, nothing of the victim's in an answer, none of its rows changed", async () => {
    const actions = registeredActions(test.platform);
    expect(actions.length).toBeGreaterThan(100);
    const before = await victimState();
    const failures: string[] = [];
    let total = 0;
    for (const action of actions) {
      await clearRateLimits(test.platform);
      const requests = fc.sample(backOfficeRequestsFor(action, idsFor, victim.rowIds, { host: "localhost", cookie: merchant.cookie }), {
        seed: seedOf(`admin ${action.resource}.${action.action}`),
        numRuns: BACK_OFFICE_REQUESTS,
      });
      total += requests.length;
      failures.push(
        ...(await tryAll(`${action.resource}.${action.action}`, requests, (request, answer) => {
          // A record of the victim's, shown or changed: its params in the answer.
          const record = answer.contentType.includes("json")
            ? (JSON.parse(answer.text) as { record?: { id?: string; params?: Record<string, unknown> } }).record
            : undefined;
          // (An id the request itself posted may come back in the form it returns with errors.)
          const asked = `${request.path} ${request.query} ${String(request.body ?? "")}`;
          return record?.id && victim.rowIds.includes(record.id) && !asked.includes(record.id)
            ? [`answered with the victim's record ${record.id}`]
            : [];
        })),
      );
    }
    process.stdout.write(`hostile input on the back office: ${total} requests over ${actions.length} actions\n`);
    expect({
      failures: failures.slice(0, 40),
      "tables with a store_id whose victim rows changed": changedTables(before, await victimState()),
    }).toEqual({
      failures: [],
      "tables with a store_id whose victim rows changed": [],
    });
  }, 240_000);
});

/**
 * Telegram's webhook (outside the OpenAPI document): forged or missing
 * secret tokens and malformed updates are refused with a 4xx; updates
 * Telegram itself would deliver (the secret is right) that claim the
 * victim's pending channel code from a channel of the attacker's, or
 * forward it from the victim's channel, are answered 200 (Telegram's
 * protocol: a handled update) and connect nothing.
 */
describe("hostile input on the Telegram webhook", () => {
  it("refuses forged and malformed updates with a 4xx, and a claim of the victim's code connects nothing", async () => {
    const before = await victimState();
    const path = "/api/v1/telegram/webhook";
    const json = (body: unknown, headers: Record<string, string>, kind: string) => ({
      method: "POST",
      path,
      query: "",
      headers,
      body: JSON.stringify(body) ?? "null",
      contentType: "application/json",
      kind,
      fields: [],
    });
    const right = { "x-telegram-bot-api-secret-token": WEBHOOK_SECRET };
    const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 1, type: "private" }, text: "/start" } };
    // (Not with spaces around it: HTTP drops a header value's surrounding whitespace before anyone reads it.)
    const forged = [
      undefined,
      "",
      " ",
      "wrong",
      `${WEBHOOK_SECRET}x`,
      WEBHOOK_SECRET.slice(0, -1),
      WEBHOOK_SECRET.toUpperCase(),
      `${WEBHOOK_SECRET.slice(0, -1)}_`,
    ];
    const refused = [
      ...forged.map((secret) =>
        json(update, secret === undefined ? {} : { "x-telegram-bot-api-secret-token": secret }, `secret ${JSON.stringify(secret)}`),
      ),
      ...[null, [], "update", 1, {}, { update_id: "1" }, { update_id: null }, { update_id: [1] }].map((body) =>
        json(body, right, `update ${JSON.stringify(body)}`),
      ),
      ...["{", "{'update_id':1}", deepJson(5_000, false), `{"update_id":1,"x":"${"ی".repeat(600_000)}"}`].map((body) => ({
        ...json(null, right, `malformed ${body.slice(0, 20)}`),
        body,
      })),
      { ...json(update, right, "form body"), body: "update_id=1", contentType: "application/x-www-form-urlencoded" },
    ];
    const failures = await tryAll("webhook", refused, (_request, answer) => [
      ...(answer.status >= 400 && answer.status < 500 ? [] : [`answered ${answer.status}, not a 4xx`]),
      ...(answer.status === 413 || errorShaped(answer) ? [] : [`${answer.status} is not { error: { code, message } }`]),
    ]);

    // What Telegram would deliver: the victim's code posted in a channel the attacker made, in every form a keyboard gives it, and forwarded.
    const [claim] = await test.platform.dataSource.query(`SELECT code, chat_id FROM telegram_channel_claims WHERE store_id = $1`, [
      victim.store.id,
    ]);
    const intruder = test.telegram.addUser({ firstName: "مهاجم" });
    const theirs = test.telegram.addChannel({
      username: "attacker_channel",
      title: "کانال مهاجم",
      admins: { [test.telegram.bot.id]: { can_post_messages: true, can_edit_messages: true, can_delete_messages: true } },
    });
    test.telegram.setMember(theirs.id, intruder.id, "creator");
    const code = String(claim.code);
    const texts = [code, code.toLowerCase(), ` ${code} `, toPersianDigits(code), code.split("").join(" ")];
    const victimChannel = { id: Number(claim.chat_id), type: "channel", title: "x", members: new Map(), nextMessageId: 1 } as Parameters<
      typeof test.telegram.postInChannel
    >[0];
    const updates = [
      ...texts.map((text) => test.telegram.postInChannel(theirs, intruder.id, text)),
      test.telegram.postInChannel(theirs, intruder.id, code, { forwardedFrom: victimChannel }),
    ];
    failures.push(
      ...(await tryAll(
        "webhook, the victim's code",
        updates.map((body, index) => json({ ...body, update_id: 9_000 + index }, right, `channel post ${index}`)),
        (_request, answer) => (answer.status === 200 ? [] : [`answered ${answer.status}, not Telegram's 200`]),
      )),
    );
    expect({ failures, "tables with a store_id whose victim rows changed": changedTables(before, await victimState()) }).toEqual({
      failures: [],
      "tables with a store_id whose victim rows changed": [],
    });
  }, 60_000);
});

/**
 * The media routes: the files at /media/public (outside the OpenAPI
 * document) climbed out of with every spelling of "..", and uploads as the
 * attacker's merchant to the victim's product or store, or of odd and
 * oversized content to the attacker's own product. Each a 4xx.
 */
describe("hostile input on the media routes", () => {
  it("answers every path traversal, other store's media id and odd or oversized upload with a 4xx, and changes nothing of the victim's", async () => {
    const before = await victimState();
    const { dataSource } = test.platform;
    const [original] = await dataSource.query(`SELECT id, original_key FROM media WHERE store_id = $1 LIMIT 1`, [victim.store.id]);
    const key = String(original.original_key);
    const host = `${attacker.store.slug}.mall.localhost`;
    const get = (path: string, kind: string) => ({ method: "GET", path, query: "", headers: { host }, kind, fields: [] });
    const climbs = ["..", "%2e%2e", "%2E%2E", ".%2e", "%252e%252e", "..%00", "..\\", "%2e%2e%5c"];
    const separators = ["/", "%2f", "%2F", "%5c", "\\"];
    const traversal = climbs.flatMap((climb) =>
      separators.flatMap((sep) => [
        get(`/media/public/${climb}${sep}${key}`, `climb ${climb}${sep} to the original`),
        get(`/media/public/${victim.store.id}${sep}${climb}${sep}${climb}${sep}${key}`, `climb twice ${climb}${sep}`),
        get(`/media/public/${climb}${sep}${climb}${sep}${climb}${sep}etc${sep}passwd`, `climb ${climb}${sep} to /etc/passwd`),
      ]),
    );
    traversal.push(
      get(`/media/public/.env`, "dot-file"),
      get(`/media/public/%00`, "nul"),
      get(`/media/${key}`, "the original beside public"),
    );
    const owner = bearer(test.config, attacker.owner);
    const victimProduct = victim.ids.productId![0];
    const victimMedia = victim.ids.mediaId![0];
    const upload = (storeId: string, productId: string, file: { data: Buffer | string; name: string; type: string }, kind: string) => {
      const boundary = "----mall-hostile-upload";
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
        ),
        Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return {
        method: "POST",
        path: `/api/v1/stores/${storeId}/products/${productId}/media`,
        query: "",
        headers: { host, ...owner },
        body,
        contentType: `multipart/form-data; boundary=${boundary}`,
        kind,
        fields: ["file"],
      };
    };
    const jpeg = await photo(64, 48);
    const mine = attacker.ids.productId![0]!;
    const uploads = [
      upload(attacker.store.id, victimProduct!, { data: jpeg, name: "a.jpg", type: "image/jpeg" }, "a photo to the victim's product"),
      upload(victim.store.id, victimProduct!, { data: jpeg, name: "a.jpg", type: "image/jpeg" }, "a photo into the victim's store"),
      upload(mine, mine, { data: jpeg, name: "a.jpg", type: "image/jpeg" }, "the store id in the product's place"),
      upload(
        attacker.store.id,
        mine,
        { data: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', name: "a.svg", type: "image/svg+xml" },
        "svg with a script",
      ),
      upload(
        attacker.store.id,
        mine,
        { data: "<html><script>alert(1)</script></html>", name: "a.jpg", type: "image/jpeg" },
        "html called a jpeg",
      ),
      upload(
        attacker.store.id,
        mine,
        { data: Buffer.from("MZ\x90\x00\x03"), name: "a.exe", type: "application/x-msdownload" },
        "an executable",
      ),
      upload(attacker.store.id, mine, { data: "", name: "a.jpg", type: "image/jpeg" }, "zero bytes"),
      upload(attacker.store.id, mine, { data: "plain", name: "a.txt", type: "text/plain" }, "text"),
      upload(
        attacker.store.id,
        mine,
        { data: jpeg.subarray(0, 40), name: "../../../a.jpg", type: "image/jpeg" },
        "a cut jpeg, climbing name",
      ),
      upload(
        attacker.store.id,
        mine,
        { data: "<html><script>alert(1)</script></html>", name: "a.html", type: "image/jpeg; charset=../../" },
        "odd type parameter",
      ),
      upload(
        attacker.store.id,
        mine,
        { data: Buffer.concat([jpeg.subarray(0, 3), Buffer.alloc(MAX_IMAGE_BYTES + 1)]), name: "big.jpg", type: "image/jpeg" },
        "past the size limit",
      ),
      {
        ...upload(attacker.store.id, mine, { data: jpeg, name: "a.jpg", type: "image/jpeg" }, "no boundary"),
        contentType: "multipart/form-data",
      },
      {
        ...upload(attacker.store.id, mine, { data: jpeg, name: "a.jpg", type: "image/jpeg" }, "wrong boundary"),
        contentType: `multipart/form-data; boundary=${"x".repeat(500)}`,
      },
      { ...upload(attacker.store.id, mine, { data: jpeg, name: "a.jpg", type: "image/jpeg" }, "as json"), contentType: "application/json" },
      {
        ...upload(victim.store.id, victimProduct!, { data: jpeg, name: "logo.jpg", type: "image/jpeg" }, "the victim's logo"),
        path: `/api/v1/stores/${victim.store.id}/logo`,
      },
      {
        ...upload(attacker.store.id, mine, { data: '<svg onload="alert(1)"/>', name: "logo.svg", type: "image/svg+xml" }, "an svg logo"),
        path: `/api/v1/stores/${attacker.store.id}/logo`,
      },
    ];
    const byId = ["GET", "DELETE"].flatMap((method) => [
      {
        ...get(`/api/v1/stores/${attacker.store.id}/media/${victimMedia}`, `${method} the victim's media in the attacker's store`),
        method,
        headers: { host, ...owner },
      },
      {
        ...get(`/api/v1/stores/${victim.store.id}/media/${victimMedia}`, `${method} the victim's media`),
        method,
        headers: { host, ...owner },
      },
      {
        ...get(`/api/v1/stores/${attacker.store.id}/products/${victimProduct}/media`, `${method} the victim product's gallery`),
        method,
        headers: { host, ...owner },
      },
    ]);
    const failures = await tryAll("media", [...traversal, ...uploads, ...byId], (_request, answer) => [
      ...(answer.status >= 400 && answer.status < 500 ? [] : [`answered ${answer.status}, not a 4xx`]),
      ...(answer.status === 413 || errorShaped(answer)
        ? []
        : [`${answer.status} is not { error: { code, message } }: ${answer.text.slice(0, 120)}`]),
    ]);
    expect({ failures, "tables with a store_id whose victim rows changed": changedTables(before, await victimState()) }).toEqual({
      failures: [],
      "tables with a store_id whose victim rows changed": [],
    });
  }, 60_000);
});

/** Money moves only through the refund service (issue 24 #5): nobody marks an order refunded by hand. */
describe("a move to refunded through the transitions route", () => {
  it("is refused for every caller, the victim's own owner included; the order stays paid, with no refund and no move in its history", async () => {
    const { dataSource } = test.platform;
    const [instance] = await dataSource.query(`SELECT id FROM product_instances WHERE store_id = $1 AND stock > 0 LIMIT 1`, [
      victim.store.id,
    ]);
    const method = await buildShippingMethod(dataSource, victim.store.id, { price: 100_000 });
    const buyer = await buildUser(dataSource);
    const { order } = await placeAs(dataSource, victim.store.id, buyer, {
      items: [{ instanceId: instance.id, quantity: 1 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
    });
    await dataSource.transaction((manager) =>
      markOrderPaid(systemContext(manager, "payments"), victim.store.id, order.id, { reference: "990011" }),
    );
    const [victimOwner] = await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [
      victim.store.ownerId,
    ]);
    const path = `/api/v1/stores/${victim.store.id}/orders/${order.id}/transitions`;
    const callers: Array<[string, Record<string, string>, number, string]> = [
      ["anonymous", {}, 401, "unauthorized"],
      ["a shopper", bearer(test.config, buyer), 404, "store_not_found"],
      ["another store's merchant", bearer(test.config, attacker.owner), 404, "store_not_found"],
      ["the store's owner", bearer(test.config, victimOwner as User), 422, "refund_required"],
    ];
    for (const [who, headers, status, code] of callers) {
      for (const body of [{ to: "refunded" }, { to: "refunded", reason: "پول برگشت" }]) {
        const res = await server.request("POST", path, { headers, body });
        expect([who, res.status, res.body?.error?.code]).toEqual([who, status, code]);
      }
    }
    expect((await dataSource.query(`SELECT state FROM orders WHERE id = $1`, [order.id]))[0].state).toBe("paid");
    expect(await dataSource.query(`SELECT 1 FROM order_refunds WHERE order_id = $1`, [order.id])).toEqual([]);
    expect(await dataSource.query(`SELECT 1 FROM order_history WHERE order_id = $1 AND to_state = 'refunded'`, [order.id])).toEqual([]);
  });
});

/** Cases the generated run found, pinned so they stay fixed. */
describe("hostile inputs found by the run above", () => {
  it("a path segment that is not UTF-8 (%ED%A0%80) is a 400 naming the path, not a 500", async () => {
    const res = await server.request("GET", `/api/v1/stores/${attacker.store.id}/products/%ED%A0%80`, {
      headers: bearer(test.config, attacker.owner),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_path", field: "path" });
  });

  it("a multipart upload cut short is a 400 naming the file, not a 500", async () => {
    const res = await server.request("POST", `/api/v1/stores/${attacker.store.id}/logo`, {
      headers: { ...bearer(test.config, attacker.owner), "content-type": "multipart/form-data; boundary=b" },
      body: '--b\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "upload_malformed", field: "file" });
  });
});
