import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "../core/errors.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import { StoreMember } from "../tenancy/store-member.entity.js";
import type { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { authorize } from "./authorization.js";
import type { User } from "./user.entity.js";

const test = useTestPlatform();
let server: TestServer;
let shirts: Store;
let teas: Store;
let shirtsOwner: User;
let shirtsManager: User;
let teasOwner: User;
let staff: User;

beforeAll(async () => {
  const { dataSource } = test.platform;
  shirtsOwner = await buildUser(dataSource);
  teasOwner = await buildUser(dataSource);
  shirtsManager = await buildUser(dataSource);
  staff = await buildUser(dataSource, { isStaff: true });
  shirts = await buildStore(dataSource, { name: "پیراهن‌فروشی", ownerPhone: shirtsOwner.phone });
  teas = await buildStore(dataSource, { name: "چای‌فروشی", ownerPhone: teasOwner.phone });
  await dataSource.getRepository(StoreMember).insert({ storeId: shirts.id, userId: shirtsManager.id, role: "manager" });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

const members = (store: { id: string }, headers: Record<string, string> = {}) =>
  server.request("GET", `/api/v1/stores/${store.id}/members`, { headers });
const withoutRequestId = (body: { error: Record<string, unknown> }) => ({ error: { ...body.error, requestId: undefined } });

describe("who may see a store's members", () => {
  it("its owner sees the members with their phones and roles, owner first", async () => {
    const res = await members(shirts, bearer(test.config, shirtsOwner));
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { phone: string; role: string }) => [m.phone, m.role])).toEqual([
      [shirtsOwner.phone, "owner"],
      [shirtsManager.phone, "manager"],
    ]);
  });

  it("its manager sees them too", async () => {
    const res = await members(shirts, bearer(test.config, shirtsManager));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
  });

  it("a merchant of another store gets exactly the 404 of a store that does not exist, and none of its data", async () => {
    const res = await members(teas, bearer(test.config, shirtsOwner));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("store_not_found");
    expect(res.text).not.toContain(teasOwner.phone);
    const missing = await members({ id: "00000000-0000-4000-8000-000000000000" }, bearer(test.config, shirtsOwner));
    expect(withoutRequestId(res.body)).toEqual(withoutRequestId(missing.body));
  });

  it("a customer of the store gets 404 too; the token the store's site gave them is no merchant's token at all (401)", async () => {
    const shopper = await signInThroughApi(server, test.platform, { host: `${teas.slug}.mall.localhost`, storeId: teas.id });
    const storeToken = await members(teas, { Authorization: `Bearer ${shopper.accessToken}` });
    expect(storeToken.status).toBe(401);
    expect(storeToken.body.error.code).toBe("token_wrong_audience");
    const res = await members(teas, bearer(test.config, { id: shopper.user.id, phone: shopper.phone, isStaff: false }));
    expect(res.status).toBe(404);
  });

  it("platform staff see any store's members, and 404 for a store that does not exist", async () => {
    const res = await members(teas, bearer(test.config, staff));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ phone: teasOwner.phone, role: "owner", userId: teasOwner.id })]);
    expect((await members({ id: "00000000-0000-4000-8000-000000000000" }, bearer(test.config, staff))).status).toBe(404);
  });

  it("staff status is read from the database, not trusted from the token", async () => {
    const former = await buildUser(test.platform.dataSource);
    const res = await members(teas, bearer(test.config, { ...former, isStaff: true }));
    expect(res.status).toBe(404);
  });

  it("nobody signed in gets 401", async () => {
    const res = await members(shirts);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("a store id that is not a uuid is a 400 naming storeId", async () => {
    const res = await server.request("GET", "/api/v1/stores/shirts/members", { headers: bearer(test.config, shirtsOwner) });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("storeId");
  });
});

describe("authorize()", () => {
  const as = (user: User | null): ServiceContext => ({
    manager: test.platform.dataSource.manager,
    actor: user ? { kind: "user", userId: user.id, isStaff: user.isStaff } : { kind: "anonymous" },
  });

  it("lets a manager read members but not manage them (403: they know the store)", async () => {
    await expect(authorize(as(shirtsManager), "store.members.read", { storeId: shirts.id })).resolves.toBeUndefined();
    await expect(authorize(as(shirtsManager), "store.members.manage", { storeId: shirts.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(authorize(as(shirtsOwner), "store.members.manage", { storeId: shirts.id })).resolves.toBeUndefined();
  });

  it("answers another store as not found, and nobody as unauthorised", async () => {
    await expect(authorize(as(shirtsManager), "store.manage", { storeId: teas.id })).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(authorize(as(null), "store.manage", { storeId: teas.id })).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("lets the platform itself (CLI, jobs) and staff do anything", async () => {
    await expect(
      authorize(systemContext(test.platform.dataSource.manager, "cli"), "store.members.manage", { storeId: teas.id }),
    ).resolves.toBeUndefined();
    await expect(authorize(as(staff), "store.members.manage", { storeId: teas.id })).resolves.toBeUndefined();
    await expect(authorize(as(staff), "user.update", { userId: shirtsOwner.id })).resolves.toBeUndefined();
  });

  it("lets people act on their own data only; another person's is not found", async () => {
    const shopper = await buildUser(test.platform.dataSource, { phone: randomPhone() });
    await expect(authorize(as(shopper), "user.read", { userId: shopper.id })).resolves.toBeUndefined();
    await expect(authorize(as(shopper), "user.read", { userId: shirtsOwner.id })).rejects.toBeInstanceOf(NotFoundError);
  });
});
