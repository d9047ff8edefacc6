import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import type { User } from "../identity/user.entity.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildStore } from "../test/factories.js";
import { startTestServer, type TestResponse, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import type { Job } from "bullmq";
import type { EventJobData } from "../jobs/events.js";
import { gatewayNotifyListener } from "./gateway-notify.job.js";
import { decryptCredentials } from "./payment-secrets.js";

/** The merchant's gateway settings API: validated per gateway, sealed at rest, hints only on the way out. */
const test = useTestPlatform({ PAYMENT_SANDBOX: "false" });
const MERCHANT = "1344b5d4-0048-11e8-94db-005056a205be";
const MELLAT = { terminalId: "۱۲۳۴۵۶۷", userName: "chaikhaneh", userPassword: "s3cret-Passw0rd" };
let server: TestServer;
let owner: User;
let manager: User;
let otherOwner: User;
let shop: Store;
let other: Store;

const as = (user: User, method: string, path: string, body?: unknown) =>
  server.request(method, `/api/v1${path}`, { headers: bearer(test.config, user), ...(body === undefined ? {} : { body }) });
const field = (res: TestResponse) => [res.status, res.body?.error?.field];
const rowOf = async (storeId: string, gateway: string) =>
  (
    await test.platform.dataSource.query(
      `SELECT enabled, credentials_encrypted FROM store_payment_gateways WHERE store_id = $1 AND gateway = $2`,
      [storeId, gateway],
    )
  )[0] as { enabled: boolean; credentials_encrypted: string } | undefined;
const offered = async (store: Store) =>
  (
    (await server.request("GET", "/api/v1/payment-gateways", { host: `${store.slug}.mall.localhost` })).body.items as Array<{
      gateway: string;
    }>
  )
    .map((item) => item.gateway)
    .sort();

beforeAll(async () => {
  const { dataSource } = test.platform;
  owner = await buildUser(dataSource);
  manager = await buildUser(dataSource);
  otherOwner = await buildUser(dataSource);
  shop = await buildStore(dataSource, { name: "چای‌خانهٔ درگاه", ownerPhone: owner.phone });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر", ownerPhone: otherOwner.phone });
  await dataSource.getRepository(StoreMember).insert({ storeId: shop.id, userId: manager.id, role: "manager" });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

describe("store gateway settings", () => {
  it("lists every configurable gateway, nothing entered yet, with the Persian labels of its fields", async () => {
    const res = await as(owner, "GET", `/stores/${shop.id}/payment-gateways`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: { gateway: string }) => item.gateway)).toEqual(["zarinpal", "mellat", "saman", "parsian"]);
    expect(res.body.items[1]).toMatchObject({
      label: "به‌پرداخت ملت",
      enabled: false,
      configured: false,
      fields: [
        { name: "terminalId", label: "شمارهٔ ترمینال", hint: null },
        { name: "userName", label: "نام کاربری", hint: null },
        { name: "userPassword", label: "رمز عبور", hint: null },
      ],
    });
  });

  it("stores credentials sealed (AES-GCM, store:gateway as associated data) and answers hints only", async () => {
    const res = await as(manager, "PUT", `/stores/${shop.id}/payment-gateways/mellat`, { credentials: MELLAT });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ gateway: "mellat", enabled: true, configured: true, available: true });
    expect(res.body.fields.map((f: { hint: string }) => f.hint)).toEqual(["****4567", "****aneh", "****w0rd"]);
    expect(res.text).not.toContain(MELLAT.userPassword);
    expect(res.text).not.toContain("chaikhaneh");
    const row = (await rowOf(shop.id, "mellat"))!;
    for (const plain of ["chaikhaneh", MELLAT.userPassword, "1234567"]) expect(row.credentials_encrypted).not.toContain(plain);
    expect(row.credentials_encrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    // Persian digits are stored as the bank expects them; the ciphertext opens only in its own store's context.
    expect(decryptCredentials(test.config.PAYMENT_SECRET_KEY, `${shop.id}:mellat`, row.credentials_encrypted)).toEqual({
      ...MELLAT,
      terminalId: "1234567",
    });
    expect(() => decryptCredentials(test.config.PAYMENT_SECRET_KEY, `${other.id}:mellat`, row.credentials_encrypted)).toThrow();
    const listed = await as(owner, "GET", `/stores/${shop.id}/payment-gateways`);
    expect(listed.text).not.toContain(MELLAT.userPassword);
    expect(listed.body.items[1].fields[2].hint).toBe("****w0rd");
  });

  it("refuses bad fields naming the field, and changes nothing", async () => {
    await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/zarinpal`, { credentials: { merchantId: MERCHANT } });
    const before = (await rowOf(shop.id, "zarinpal"))!.credentials_encrypted;
    const notUuid = await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/zarinpal`, { credentials: { merchantId: "12345" } });
    expect(field(notUuid)).toEqual([400, "credentials.merchantId"]);
    expect(notUuid.body.error.message).toContain("مرچنت‌کد");
    expect(field(await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/zarinpal`, { credentials: {} }))).toEqual([
      400,
      "credentials.merchantId",
    ]);
    expect(
      field(await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/zarinpal`, { credentials: { merchantId: MERCHANT, pin: "1" } })),
    ).toEqual([400, "credentials.pin"]);
    expect(
      field(await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/mellat`, { credentials: { ...MELLAT, terminalId: "12ab" } })),
    ).toEqual([400, "credentials.terminalId"]);
    expect(
      field(await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/mellat`, { credentials: { ...MELLAT, userPassword: " " } })),
    ).toEqual([400, "credentials.userPassword"]);
    expect(field(await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/saman`, { credentials: { terminalId: "" } }))).toEqual([
      400,
      "credentials.terminalId",
    ]);
    expect(field(await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/parsian`, {}))).toEqual([400, "credentials"]);
    expect(field(await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/paypal`, { credentials: {} }))).toEqual([400, "gateway"]);
    expect(field(await as(owner, "PATCH", `/stores/${shop.id}/payment-gateways/zarinpal`, { enabled: "yes" }))).toEqual([400, "enabled"]);
    expect((await rowOf(shop.id, "zarinpal"))!.credentials_encrypted).toBe(before);
    expect(await rowOf(shop.id, "saman")).toBeUndefined();
  });

  it("another store's merchant, a shopper and an anonymous caller reach nothing", async () => {
    const stranger = await buildUser(test.platform.dataSource);
    for (const user of [otherOwner, stranger]) {
      expect(field(await as(user, "GET", `/stores/${shop.id}/payment-gateways`))).toEqual([404, undefined]);
      expect(
        (
          await as(user, "PUT", `/stores/${shop.id}/payment-gateways/zarinpal`, {
            credentials: { merchantId: "ffffffff-0048-11e8-94db-005056a205be" },
          })
        ).status,
      ).toBe(404);
      expect((await as(user, "PATCH", `/stores/${shop.id}/payment-gateways/zarinpal`, { enabled: false })).status).toBe(404);
      expect((await as(user, "DELETE", `/stores/${shop.id}/payment-gateways/zarinpal`)).status).toBe(404);
    }
    expect((await server.request("GET", `/api/v1/stores/${shop.id}/payment-gateways`)).status).toBe(401);
    const row = (await rowOf(shop.id, "zarinpal"))!;
    expect(row.enabled).toBe(true);
    expect(decryptCredentials(test.config.PAYMENT_SECRET_KEY, `${shop.id}:zarinpal`, row.credentials_encrypted)).toEqual({
      merchantId: MERCHANT,
    });
  });

  it("checkout offers exactly the enabled gateways: disable, enable, delete", async () => {
    expect(await offered(shop)).toEqual(["mellat", "zarinpal"]);
    expect(await offered(other)).toEqual([]);
    const off = await as(owner, "PATCH", `/stores/${shop.id}/payment-gateways/mellat`, { enabled: false });
    expect([off.status, off.body.enabled, off.body.fields[2].hint]).toEqual([200, false, "****w0rd"]);
    expect(await offered(shop)).toEqual(["zarinpal"]);
    await as(owner, "PATCH", `/stores/${shop.id}/payment-gateways/mellat`, { enabled: true });
    expect(await offered(shop)).toEqual(["mellat", "zarinpal"]);
    // Replacing the credentials keeps the flag unless told otherwise.
    await as(owner, "PATCH", `/stores/${shop.id}/payment-gateways/zarinpal`, { enabled: false });
    const replaced = await as(owner, "PUT", `/stores/${shop.id}/payment-gateways/zarinpal`, {
      credentials: { merchantId: MERCHANT.toUpperCase() },
    });
    expect([replaced.body.enabled, replaced.body.fields[0].hint]).toEqual([false, "****05be"]);
    expect(await offered(shop)).toEqual(["mellat"]);
    expect((await as(owner, "DELETE", `/stores/${shop.id}/payment-gateways/mellat`)).body).toEqual({ deleted: true });
    expect(await rowOf(shop.id, "mellat")).toBeUndefined();
    expect(await offered(shop)).toEqual([]);
    expect(field(await as(owner, "DELETE", `/stores/${shop.id}/payment-gateways/mellat`))).toEqual([404, "gateway"]);
    expect(field(await as(owner, "PATCH", `/stores/${shop.id}/payment-gateways/parsian`, { enabled: true }))).toEqual([404, "gateway"]);
  });

  it("audits every save, switch and removal (who, which gateway, which fields; never a value) and texts the owner when credentials change (issue 24 #6)", async () => {
    const { dataSource } = test.platform;
    const store = await buildStore(dataSource, { name: "عطاری ردپا", ownerPhone: (await buildUser(dataSource)).phone });
    const storeOwner = (
      await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId])
    )[0] as User;
    const storeManager = await buildUser(dataSource);
    await dataSource.getRepository(StoreMember).insert({ storeId: store.id, userId: storeManager.id, role: "manager" });
    const secrets = ["778899", "attar-user", "Attar-Passw0rd", "Other-Passw0rd", "w0rd", "ss"];
    const entries = async () =>
      (await dataSource.query(
        `SELECT actor_user_id, actor_label, surface, action, entity_type, before, after, created_at FROM audit_entries WHERE store_id = $1 AND entity_type = 'gateway' ORDER BY created_at, id`,
        [store.id],
      )) as Array<{
        actor_user_id: string;
        surface: string;
        action: string;
        before: Record<string, unknown>;
        after: Record<string, unknown>;
        created_at: Date;
      }>;
    const texts = async () =>
      (
        (await dataSource.query(`SELECT text FROM sms_messages WHERE store_id = $1 AND phone = $2 ORDER BY created_at, id`, [
          store.id,
          storeOwner.phone,
        ])) as Array<{ text: string }>
      ).map((row) => row.text);

    // A manager enters Mellat's credentials, then points the password elsewhere, switches it off and removes it.
    expect(
      (
        await as(storeManager, "PUT", `/stores/${store.id}/payment-gateways/mellat`, {
          credentials: { terminalId: "778899", userName: "attar-user", userPassword: "Attar-Passw0rd" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await as(storeManager, "PUT", `/stores/${store.id}/payment-gateways/mellat`, {
          credentials: { terminalId: "778899", userName: "attar-user", userPassword: "Other-Passw0rd" },
        })
      ).status,
    ).toBe(200);
    // The same values again change nothing, and leave no trace.
    expect(
      (
        await as(storeManager, "PUT", `/stores/${store.id}/payment-gateways/mellat`, {
          credentials: { terminalId: "778899", userName: "attar-user", userPassword: "Other-Passw0rd" },
        })
      ).status,
    ).toBe(200);
    expect((await as(storeManager, "PATCH", `/stores/${store.id}/payment-gateways/mellat`, { enabled: false })).status).toBe(200);
    expect((await as(storeManager, "DELETE", `/stores/${store.id}/payment-gateways/mellat`)).status).toBe(200);

    const audit = await entries();
    expect(audit.map((entry) => [entry.action, entry.actor_user_id, entry.surface, entry.before, entry.after])).toEqual([
      [
        "gateway.saved",
        storeManager.id,
        "api",
        { enabled: null, terminalId: null, userName: null, userPassword: null, gateway: null },
        { enabled: true, terminalId: "مقدار تازه", userName: "مقدار تازه", userPassword: "مقدار تازه", gateway: "mellat" },
      ],
      [
        "gateway.saved",
        storeManager.id,
        "api",
        { userPassword: "مقدار قبلی", gateway: null },
        { userPassword: "مقدار تازه", gateway: "mellat" },
      ],
      ["gateway.enabled_changed", storeManager.id, "api", { enabled: true, gateway: null }, { enabled: false, gateway: "mellat" }],
      [
        "gateway.deleted",
        storeManager.id,
        "api",
        { enabled: false, terminalId: "مقدار قبلی", userName: "مقدار قبلی", userPassword: "مقدار قبلی", gateway: null },
        { enabled: null, terminalId: null, userName: null, userPassword: null, gateway: "mellat" },
      ],
    ]);
    const written = JSON.stringify(audit);
    for (const secret of secrets.slice(0, 4)) expect(written).not.toContain(secret);
    expect(written).not.toContain("****");

    // The owner hears of every change of credentials (not of the switch), in Persian with the store's name; the SMS carries no value either.
    const sent = await texts();
    expect(sent).toHaveLength(3);
    expect(sent[0]).toBe(
      "اطلاعات درگاه به‌پرداخت ملت فروشگاه «عطاری ردپا» تغییر کرد. اگر این کار شما یا همکارانتان نبوده، لطفاً در پیشخوان «تاریخچهٔ تغییرات» را ببینید.",
    );
    expect(sent[2]).toContain("حذف شد");
    for (const secret of secrets.slice(0, 4)) expect(sent.join("\n")).not.toContain(secret);

    // Each text reaches the SMS queue once its change has committed: the gateway.changed event's listener hands it over, once however often it runs.
    const events = (await dataSource.query(`SELECT id, payload FROM outbox WHERE store_id = $1 AND type = 'gateway.changed' ORDER BY id`, [
      store.id,
    ])) as Array<{ id: string; payload: Record<string, unknown> }>;
    expect(events).toHaveLength(3);
    const listener = gatewayNotifyListener(test.platform);
    for (let round = 0; round < 2; round++)
      for (const event of events)
        await listener({
          data: { eventId: event.id, storeId: store.id, type: "gateway.changed", entityId: "x", payload: event.payload },
        } as Job<EventJobData>);
    const queued = await test.platform.queues.get("sms").getJobs(["waiting", "delayed", "active", "completed"]);
    const ours = queued.filter((job) => (job.data as { storeId?: string }).storeId === store.id);
    expect(ours.map((job) => (job.data as { to: string }).to)).toEqual([storeOwner.phone, storeOwner.phone, storeOwner.phone]);
  });

  it("appears in the OpenAPI document", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    const paths = Object.keys(doc.paths).filter((path) => path.includes("payment-gateways/"));
    expect(paths).toEqual(["/api/v1/stores/{storeId}/payment-gateways/{gateway}"]);
    expect(Object.keys(doc.paths[paths[0]!]).sort()).toEqual(["delete", "get", "patch", "put"]);
  });
});
