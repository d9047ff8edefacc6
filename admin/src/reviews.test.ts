import type { User } from "@mall/server/identity/user.entity.js";
import { ProductReview } from "@mall/server/reviews/review.entity.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * Reviews in the back office (issue 27 #1): the merchant lists their store's
 * reviews, approves, hides and answers through the review service (audited,
 * refusals on the field), and never reaches another store's.
 */
const test = useAdminServer();
let a: { store: Store; owner: User };
let b: { store: Store; owner: User };
let merchant: AdminSession;
let mine: ProductReview;
let foreign: ProductReview;

async function shop(name: string) {
  const store = await buildStore(test.platform.dataSource, { name });
  const owner = (await test.platform.dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  return { store, owner };
}

/** A review as a shopper leaves one (the shopper's API path is tested in server/src/reviews). */
async function review(store: Store, body: string): Promise<ProductReview> {
  const { dataSource } = test.platform;
  const product = await buildProduct(dataSource, store.id, { nameFa: `ماگ ${body}` });
  const shopper = await buildUser(dataSource);
  return dataSource.getRepository(ProductReview).save({
    storeId: store.id,
    productId: product.id,
    userId: shopper.id,
    orderId: null,
    rating: 4,
    body,
    status: "pending" as const,
    reply: null,
    repliedAt: null,
  });
}

beforeAll(async () => {
  a = await shop("فروشگاه الف");
  b = await shop("فروشگاه ب");
  mine = await review(a.store, "خوش‌دست است");
  foreign = await review(b.store, "مال ب");
  merchant = await signInToAdmin(test.server, test.platform, a.owner.phone);
}, 60_000);

describe("reviews in the back office", () => {
  it("lists the store's reviews, approves and answers one (audited), and refuses a status that is not on the list", async () => {
    const list = await merchant.list("reviews", { "filters.status": "pending" });
    const ids = (list.body.records as Array<{ id: string }>).map((r) => r.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(foreign.id);

    const edited = await merchant.edit("reviews", mine.id, { status: "approved", reply: "سپاس از شما" });
    expect(edited.body.notice.type, JSON.stringify(edited.body)).toBe("success");
    const saved = await test.platform.dataSource.getRepository(ProductReview).findOneByOrFail({ id: mine.id });
    expect(saved).toMatchObject({ status: "approved", reply: "سپاس از شما" });
    const audit = await test.platform.dataSource.query(
      `SELECT action, surface, after FROM audit_entries WHERE store_id = $1 AND entity_id = $2`,
      [a.store.id, mine.id],
    );
    expect(audit).toEqual([{ action: "review.moderated", surface: "admin", after: { status: "approved", reply: "سپاس از شما" } }]);

    const refused = await merchant.edit("reviews", mine.id, { status: "deleted" });
    expect(refused.body.record.errors.status.message).toBe("وضعیت نظر را از فهرست انتخاب کنید.");
    const shown = await merchant.show("reviews", mine.id);
    expect(shown.body.record.params).toMatchObject({ status: "approved", body: "خوش‌دست است", productName: "ماگ خوش‌دست است" });
  });

  it("never shows or changes another store's reviews", async () => {
    const show = await merchant.show("reviews", foreign.id);
    expect(show.status === 404 || show.body.notice?.type === "error" || !show.body.record).toBe(true);
    await merchant.edit("reviews", foreign.id, { status: "approved" });
    expect((await test.platform.dataSource.getRepository(ProductReview).findOneByOrFail({ id: foreign.id })).status).toBe("pending");
  });
});
