import type { ServiceContext } from "@mall/server/core/context.js";
import { DomainError } from "@mall/server/core/errors.js";
import { createInstagramLogin } from "@mall/server/social/instagram-login.js";
import { InstagramAccount, type InstagramConnection } from "@mall/server/social/instagram.entity.js";
import { disconnectInstagramAccount } from "@mall/server/social/instagram.service.js";
import { canManageStore } from "@mall/server/social/telegram-channel.service.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import type { ActionHandler, RecordActionResponse } from "adminjs";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { text, type Params } from "./params.js";
import type { ResourceDeps } from "./service-resource.js";

/** What the «اینستاگرام» page shows; dates as ISO strings, formatted in the browser. */
export interface InstagramPage {
  /** Whether the platform has an Instagram app (INSTAGRAM_APP_ID/SECRET): without one the login cannot start. */
  configured: boolean;
  /** Where «اتصال به اینستاگرام» goes: our route that mints the state and sends the browser to Instagram. */
  connectUrl: string;
  account: {
    username: string | null;
    connectedVia: InstagramConnection;
    connectedAt: string;
    /** Null for a pasted token (its expiry is not known). */
    tokenExpiresAt: string | null;
  } | null;
  /** Null while new products are published; otherwise why not, in Persian. */
  pausedBecause: string | null;
  published: number;
  lastPost: { name: string; at: string } | null;
  /** The last product Instagram refused, explained in Persian (Graph's own message is English and stays in the logs). */
  lastError: { name: string; at: string } | null;
}

interface Answer {
  instagram: InstagramPage;
  error?: { field: string; message: string };
  done?: string;
}

/**
 * The store's «اینستاگرام» page (a record action of stores): the connected
 * account (@username, how long its token lasts, the last post, the last
 * refusal, paused and why), «اتصال به اینستاگرام» (Instagram Login through
 * /admin/instagram/authorize, instagram-login.ts in this package) and
 * «قطع اتصال». Disconnecting goes through the same service as the API.
 */
export function instagramAction(deps: ResourceDeps) {
  const { platform } = deps;
  const configured = createInstagramLogin(platform.config) !== null;

  async function page(ctx: ServiceContext, storeId: string): Promise<InstagramPage> {
    await canManageStore(ctx, storeId);
    const [account, store] = await Promise.all([
      ctx.manager.findOneBy(InstagramAccount, { storeId }),
      ctx.manager.findOneByOrFail(Store, { id: storeId }),
    ]);
    const base = {
      configured,
      connectUrl: `/admin/instagram/authorize?storeId=${encodeURIComponent(storeId)}`,
      published: 0,
      lastPost: null,
      lastError: null,
    };
    if (!account) return { ...base, account: null, pausedBecause: null };
    let pausedBecause: string | null = null;
    if (account.status !== "active")
      pausedBecause = account.lastError ?? "اینستاগرام دیگر اجازهٔ انتشار نمی‌دهد؛ «اتصال به اینستاگرام» را بزنید تا دوباره وصل شود.";
    else if (account.tokenExpiresAt && account.tokenExpiresAt.getTime() <= Date.now())
      pausedBecause = "اعتبار دسترسی به اینستاگرام تمام شده است و انتشار متوقف است؛ «اتصال به اینستاگرام» را بزنید تا دوباره وصل شود.";
    else if (store.status !== "active") pausedBecause = "فروشگاه تعلیق شده است؛ تا بازگشت فروشگاه چیزی منتشر نمی‌شود.";
    const posts = (state: string, order: string) =>
      ctx.manager.query(
        `SELECT coalesce(nullif(p.name_fa, ''), p.name, 'محصول حذف‌شده') AS name, ${order} AS at
           FROM instagram_posts i LEFT JOIN products p ON p.store_id = i.store_id AND p.id = i.product_id
          WHERE i.store_id = $1 AND i.ig_user_id = $2 AND i.state = '${state}' ORDER BY ${order} DESC LIMIT 1`,
        [storeId, account.igUserId],
      ) as Promise<Array<{ name: string; at: Date }>>;
    const [[last], [failed], [{ count } = { count: 0 }]] = await Promise.all([
      posts("published", "i.published_at"),
      posts("failed", "i.updated_at"),
      ctx.manager.query(
        `SELECT count(*)::int AS count FROM instagram_posts WHERE store_id = $1 AND ig_user_id = $2 AND state = 'published'`,
        [storeId, account.igUserId],
      ) as Promise<Array<{ count: number }>>,
    ]);
    return {
      ...base,
      account: {
        username: account.username,
        connectedVia: account.connectedVia,
        connectedAt: account.connectedAt.toISOString(),
        tokenExpiresAt: account.tokenExpiresAt?.toISOString() ?? null,
      },
      pausedBecause,
      published: count,
      lastPost: last ? { name: last.name, at: new Date(last.at).toISOString() } : null,
      lastError: failed ? { name: failed.name, at: new Date(failed.at).toISOString() } : null,
    };
  }

  const handler: ActionHandler<RecordActionResponse & Answer> = async (request, _response, context) => {
    const { record, currentAdmin } = context;
    if (!record) throw recordNotFound();
    const access = await deps.access.of(currentAdmin);
    if (!access) throw recordNotFound();
    const storeId = String(record.id());
    const read: ServiceContext = { manager: platform.dataSource.manager, actor: access.actor, surface: "admin" };
    const answer = (extra: Partial<Answer> = {}) =>
      page(read, storeId).then((instagram) => ({ record: record.toJSON(currentAdmin), instagram, ...extra }));
    if (request.method !== "post") return answer();

    const payload = (request.payload ?? {}) as Params;
    try {
      if (text(payload, "op") !== "disconnect") return answer({ error: { field: "form", message: "درخواست نامعتبر است." } });
      if (text(payload, "confirmed") !== "true") return answer({ error: { field: "form", message: "قطع اتصال را تأیید کنید." } });
      await platform.dataSource.transaction((manager) => disconnectInstagramAccount({ ...read, manager }, storeId));
      return answer({ done: "اتصال حساب اینستاگرام قطع شد؛ پست‌های قبلی در اینستاگرام می‌مانند." });
    } catch (error) {
      if (error instanceof DomainError) return answer({ error: { field: error.field ?? "form", message: error.message } });
      throw error;
    }
  };

  return {
    actionType: "record" as const,
    icon: "Instagram",
    component: Components.StoreInstagram,
    handler,
  };
}
