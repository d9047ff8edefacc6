import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { MELLAT_CREDENTIALS, MellatServer } from "../test/fakes/mellat-server.js";
import { PARSIAN_CREDENTIALS, ParsianServer } from "../test/fakes/parsian-server.js";
import { SAMAN_CREDENTIALS, SamanServer } from "../test/fakes/saman-server.js";
import { ZarinpalServer } from "../test/fakes/zarinpal-server.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { systemContext } from "../core/context.js";
import { createGateways } from "./gateway-drivers.js";
import {
  buildPaymentWorld,
  enableGateway,
  orderState,
  paymentRow,
  placeTestOrder,
  startThroughApi,
  type PaymentWorld,
} from "../test/payment-fixtures.js";
import { reconcilePayments } from "./payment.service.js";
import { freePort } from "../test/free-port.js";

/**
 * The server process killed (SIGKILL to its process group) while a
 * callback's money step is at the bank: Mellat's settle (after the order was
 * paid); SEP's and ZarinPal's verify and PEC's confirm (they have no settle). The bank does the work; the dead
 * process never records it. Reconciliation, from another process, must
 * finish the payment exactly once.
 */
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const mellat = new MellatServer();
const saman = new SamanServer();
const zarinpal = new ZarinpalServer();
const parsian = new ParsianServer();
const overrides: Record<string, string> = { PAYMENT_GATEWAY_TIMEOUT_MS: "5000" };
beforeAll(async () => {
  await mellat.start();
  await saman.start();
  await zarinpal.start();
  await parsian.start();
  overrides.MELLAT_BASE_URL = mellat.url;
  overrides.SAMAN_BASE_URL = saman.url;
  overrides.ZARINPAL_BASE_URL = zarinpal.url;
  overrides.PARSIAN_BASE_URL = parsian.url;
});
const test = useTestPlatform(overrides);
/** The context the reconciliation job and a gateway\'s callback run with (outside any transaction). */
const system = () => systemContext(test.platform.dataSource.manager, "test");
let server: TestServer;
let world: PaymentWorld;
const children: ChildProcess[] = [];

/** `server/src/main/server.ts` in a process group of its own, on this test file's database, Redis prefix and fakes. */
async function startServerProcess(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const { DATABASE_URL, REDIS_URL, REDIS_PREFIX, DATA_DIR, JWT_SECRET, PAYMENT_SECRET_KEY } = test.config;
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main/server.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      ...overrides,
      DATABASE_URL,
      REDIS_URL,
      REDIS_PREFIX,
      DATA_DIR,
      JWT_SECRET,
      PAYMENT_SECRET_KEY,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "silent",
    },
  });
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, port };
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the server process did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once("exit", () => done());
    process.kill(-child.pid!, "SIGKILL");
  });
}

/** The bank's form POST to the callback on the child server; its answer never comes (the process dies). */
function postCallback(port: number, paymentId: string, fields: Record<string, string>): void {
  const body = new URLSearchParams(fields).toString();
  const req = request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: `/api/v1/payments/${paymentId}/callback`,
    headers: { host: world.host, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) },
  });
  req.on("error", () => {});
  req.end(body);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  world = await buildPaymentWorld(test.platform.dataSource);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "mellat", MELLAT_CREDENTIALS);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "saman", SAMAN_CREDENTIALS);
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "zarinpal", {
    merchantId: "1344b5d4-0048-11e8-94db-005056a205be",
  });
  await enableGateway(test.platform.dataSource, test.config, world.store.id, "parsian", PARSIAN_CREDENTIALS);
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  for (const child of children) await killGroup(child).catch(() => {});
  await server?.close();
  await mellat.close();
  await saman.close();
  await zarinpal.close();
  await parsian.close();
});
beforeEach(async () => {
  await clearRateLimits(test.platform);
  await test.platform.dataSource.query(
    `UPDATE orders SET state = 'cancelled', reserved_until = NULL WHERE store_id = $1 AND state = 'pending_payment'`,
    [world.store.id],
  );
});

const deps = () => ({ config: test.config, gateways: createGateways(test.platform) });

describe("the server process killed in the middle of a payment", () => {
  it("Mellat: killed while bpSettleRequest is at the bank — the order is paid and unsettled; reconciliation settles once more (45) and stops", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const started = await startThroughApi(server, test.config, world, order.id, "mellat");
    const paymentId = started.body.paymentId as string;
    const { child, port } = await startServerProcess();
    mellat.reset();
    const fields = mellat.pay(started.body.redirect.fields.RefId as string);
    // The child's WSDL fetch and its verify answer at once; its settle is held until after the kill.
    mellat.delayNext(2, 0);
    mellat.delayNext(1, 1500);
    postCallback(port, paymentId, fields);
    await until(() => mellat.callsOf("bpSettleRequest").length === 1, "the settle request");
    await killGroup(child);

    const row = await paymentRow(test.platform.dataSource, paymentId);
    expect(row).toMatchObject({ state: "paid", reference: fields.SaleReferenceId });
    expect(row.settledAt).toBeNull();
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    await until(() => [...mellat.sales.values()][0]!.status === "settled", "the bank to settle");

    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect((await paymentRow(test.platform.dataSource, paymentId)).settledAt).not.toBeNull();
    expect(mellat.callsOf("bpVerifyRequest")).toHaveLength(1);
    expect(mellat.callsOf("bpSettleRequest")).toHaveLength(2);
    expect(mellat.callsOf("bpReversalRequest")).toHaveLength(0);
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 0 });
  }, 90_000);

  it("Saman SEP: killed while VerifyTransaction is at the bank — the payment stays verifying; reconciliation pays it once", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const started = await startThroughApi(server, test.config, world, order.id, "saman");
    const paymentId = started.body.paymentId as string;
    const { child, port } = await startServerProcess();
    saman.reset();
    const fields = saman.pay(started.body.redirect.fields.Token as string);
    saman.delayNext(1, 1500);
    postCallback(port, paymentId, fields);
    await until(() => saman.callsOf("VerifyTransaction").length === 1, "the verify request");
    await killGroup(child);

    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    expect(await orderState(test.platform.dataSource, order.id)).toBe("pending_payment");
    await until(() => [...saman.sales.values()][0]!.status === "verified", "the bank to verify");

    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({ state: "paid", reference: fields.RefNum });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(saman.callsOf("ReverseTransaction")).toHaveLength(0);
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 0 });
  }, 90_000);

  it("ZarinPal: killed while verify is at the bank — the payment stays verifying; reconciliation inquires (VERIFIED), verifies (101) and pays once", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const started = await startThroughApi(server, test.config, world, order.id, "zarinpal");
    const paymentId = started.body.paymentId as string;
    const authority = new URL(started.body.redirect.url as string).pathname.split("/").pop()!;
    const { child, port } = await startServerProcess();
    zarinpal.reset();
    const fields = Object.fromEntries(new URL(zarinpal.pay(authority)).searchParams);
    zarinpal.delayNext(1, 1500);
    postCallback(port, paymentId, fields);
    await until(() => zarinpal.requests.some((r) => r.path.endsWith("verify.json")), "the verify request");
    await killGroup(child);

    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    await until(() => zarinpal.sessions.get(authority)!.status === "VERIFIED", "the bank to verify");
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: String(zarinpal.sessions.get(authority)!.refId),
      gatewayCode: "101",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(zarinpal.requests.filter((r) => r.path.endsWith("reverse.json"))).toHaveLength(0);
  }, 90_000);

  it("Parsian PEC: killed while ConfirmPayment is at the bank — the payment stays verifying; reconciliation confirms again (-1533) and pays it once", async () => {
    const order = await placeTestOrder(test.platform.dataSource, world);
    const started = await startThroughApi(server, test.config, world, order.id, "parsian");
    const paymentId = started.body.paymentId as string;
    const token = new URL(started.body.redirect.url as string).searchParams.get("Token")!;
    const { child, port } = await startServerProcess();
    parsian.reset();
    const fields = parsian.pay(token);
    // The child's WSDL fetch answers at once; its ConfirmPayment is held until after the kill.
    parsian.delayNext(1, 0);
    parsian.delayNext(1, 1500);
    postCallback(port, paymentId, fields);
    await until(() => parsian.callsOf("ConfirmPayment").length === 1, "the confirm request");
    await killGroup(child);

    expect((await paymentRow(test.platform.dataSource, paymentId)).state).toBe("verifying");
    await until(() => parsian.sales.get(token)!.status === "confirmed", "the bank to confirm");
    expect(await reconcilePayments(system(), deps(), { olderThanMs: 0 })).toEqual({ checked: 1 });
    expect(await paymentRow(test.platform.dataSource, paymentId)).toMatchObject({
      state: "paid",
      reference: fields.RRN,
      gatewayCode: "-1533",
    });
    expect(await orderState(test.platform.dataSource, order.id)).toBe("paid");
    expect(parsian.callsOf("ReversalRequest")).toHaveLength(0);
  }, 90_000);
});
