import { findProvince, formatNumber, PROVINCES } from "@mall/locale";
import { authorize } from "@mall/server/identity/authorization.js";
import {
  THEME_ACCENTS,
  type SocialKind,
  type StoreBanner,
  type StoreContact,
  type StoreLink,
} from "@mall/server/tenancy/store-settings.js";
import { Media } from "@mall/server/media/media.entity.js";
import { In } from "typeorm";
import { allowedTo, storesWith } from "../access.js";
import {
  STORE_LAYOUTS,
  STORE_STATUSES,
  STORE_THEMES,
  Store,
  type StoreLayout,
  type StoreStatus,
  type StoreTheme,
} from "@mall/server/tenancy/store.entity.js";
import { setStoreStatus, updateStoreSettings } from "@mall/server/tenancy/tenancy.service.js";
import { priceComparisonAccess, renewEmallsToken, updateRetentionSettings } from "@mall/server/retention/retention-settings.js";
import { smsBudgetToday } from "@mall/server/retention/sms-budget.js";
import { ForbiddenError, type ActionContext, type ActionHandler, type RecordActionResponse, type ResourceWithOptions } from "adminjs";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { isStaff, nobody, persianNumber, readOnly, showOnly, timestamps } from "../features/properties.js";
import { fieldError } from "../errors.js";
import { boolean, defined, has, integer, nullableInteger, text, type Params } from "./params.js";
import type { Access } from "../access.js";
import { domainAction } from "./store-domain.action.js";
import { instagramAction } from "./store-instagram.action.js";
import { telegramAction } from "./store-telegram.action.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";

/** Every accent colour any theme offers, in the themes' order (the service checks it against the chosen theme). */
const ACCENTS = [...new Set(Object.values(THEME_ACCENTS).flat())];
const SOCIAL_FIELDS: ReadonlyArray<[string, SocialKind]> = [
  ["socialInstagram", "instagram"],
  ["socialTelegram", "telegram"],
  ["socialWhatsapp", "whatsapp"],
  ["socialEitaa", "eitaa"],
  ["socialBale", "bale"],
];
/** The form's fields of the contact details, by the service's field names. */
const CONTACT_FIELDS: Record<string, string> = {
  phone: "contactPhone",
  email: "contactEmail",
  provinceId: "contactProvince",
  city: "contactCity",
  address: "contactAddress",
  postalCode: "contactPostalCode",
  workingHours: "contactWorkingHours",
};

/**
 * Today's use of the daily SMS budget in a sentence, and why a reminder or
 * «موجود شد» message did not go when the budget held it back (issue 27 #6).
 */
function smsBudgetNote(budget: number, used: number, withheld: number): string {
  const usage = `${formatNumber(used)} از ${formatNumber(budget)} پیامک امروز فرستاده شده است.`;
  if (withheld > 0)
    return `${usage} سقف امروز پر شد و ${formatNumber(withheld)} پیامک یادآوری پرداخت یا «موجود شد» فرستاده نشد. برای فرستادن بقیه سقف را بالا ببرید؛ شمارش فردا از صفر شروع می‌شود.`;
  if (used >= budget) return `${usage} سقف امروز پر شده است؛ پیامک‌های یادآوری و «موجود شد» تا فردا فرستاده نمی‌شوند.`;
  return `${usage} ${formatNumber(budget - used)} پیامک دیگر تا پایان امروز می‌ماند.`;
}

/** Links as the merchant types them: one a line, «متن | نشانی». */
function linksText(links: StoreLink[] | null): string {
  return (links ?? []).map((link) => `${link.label} | ${link.href}`).join("\n");
}

function parseLinks(raw: string, field: string): StoreLink[] {
  return raw
    .split(/[\n\r]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(.+?)\s*[|｜]\s*(\S+)$/.exec(line);
      if (!match) throw fieldError(field, `«${line}» خوانده نشد؛ هر خط یک پیوند: متن، خط عمودی و نشانی، مثل «دربارهٔ ما | /pages/about/».`);
      return { label: match[1]!, href: match[2]! };
    });
}

/** A home banner as the form holds it: the service's fields and the picture to show beside them. */
interface BannerRow extends StoreBanner {
  thumbnail: string | null;
}

/**
 * The banners travel in the form as one JSON text (the banner editor writes
 * it), so AdminJS's flattening of nested params never reorders or drops a row.
 */
function bannersText(banners: BannerRow[]): string {
  return JSON.stringify(banners);
}

/** The banners the form posted, in the service's shape (its schema checks each field and names the row). */
function parseBanners(raw: string): StoreBanner[] {
  let rows: unknown;
  try {
    rows = raw.trim() === "" ? [] : JSON.parse(raw);
  } catch {
    throw fieldError("banners", "فهرست بنرها خوانده نشد؛ صفحه را دوباره باز کنید و بنرها را دوباره بچینید.");
  }
  if (!Array.isArray(rows)) throw fieldError("banners", "فهرست بنرها خوانده نشد؛ صفحه را دوباره باز کنید و بنرها را دوباره بچینید.");
  return rows.map((row: Partial<Record<keyof StoreBanner, unknown>> | null) => ({
    mediaId: String(row?.mediaId ?? ""),
    title: String(row?.title ?? ""),
    link: typeof row?.link === "string" && row.link.trim() !== "" ? row.link : null,
  }));
}

/**
 * Stores: a merchant's store settings (name, description, logo, theme,
 * layout, accent colour, contact details, social links, home banners, announcement bar,
 * header and footer links, eNamad seal) through the one settings service,
 * its own domain on the «دامنهٔ اختصاصی» page (store-domain.action.ts), and,
 * for staff, every store with suspend and resume.
 */
export class StoreResource extends ServiceResource<Store> {
  protected readonly resourceId = "stores";
  protected readonly entity = Store;
  protected readonly alias = "store";
  protected readonly scope: Scope = { kind: "store", column: "id" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "name", column: "name", match: "persian" },
      { path: "slug", column: "slug" },
      { path: "status", column: "status", availableValues: STORE_STATUSES },
      { path: "description", type: "textarea", column: "description", isSortable: false },
      { path: "logo", isSortable: false },
      { path: "theme", column: "theme", availableValues: STORE_THEMES },
      { path: "layout", column: "layout", availableValues: STORE_LAYOUTS },
      { path: "accent", availableValues: ACCENTS, isSortable: false },
      { path: "showLatinName", type: "boolean", column: "showLatinName" },
      { path: "contactPhone", isSortable: false },
      { path: "contactEmail", isSortable: false },
      { path: "contactProvince", availableValues: PROVINCES.map((province) => province.name), isSortable: false },
      { path: "contactCity", isSortable: false },
      { path: "contactAddress", type: "textarea", isSortable: false },
      { path: "contactPostalCode", isSortable: false },
      { path: "contactWorkingHours", isSortable: false },
      ...SOCIAL_FIELDS.map(([path]): PropertySpec => ({ path, isSortable: false })),
      { path: "banners", isSortable: false },
      { path: "announcementText", isSortable: false },
      { path: "announcementLink", isSortable: false },
      { path: "headerLinks", type: "textarea", isSortable: false },
      { path: "footerLinks", type: "textarea", isSortable: false },
      { path: "enamadId", isSortable: false },
      { path: "enamadCode", isSortable: false },
      { path: "unpaidReminderMinutes", column: "unpaidReminderMinutes" },
      { path: "smsDailyBudget", column: "smsDailyBudget" },
      { path: "smsUsedToday", type: "number", isSortable: false },
      { path: "smsBudgetToday", isSortable: false },
      { path: "torobEnabled", type: "boolean", column: "torobEnabled" },
      { path: "torobUrl", isSortable: false },
      { path: "emallsEnabled", type: "boolean", column: "emallsEnabled" },
      { path: "emallsUrl", isSortable: false },
      { path: "emallsToken", isSortable: false },
      { path: "customDomain", column: "customDomain" },
      { path: "customDomainVerified", type: "boolean", column: "customDomainVerified" },
      { path: "tenantId", reference: "tenants", column: "tenantId" },
      { path: "ownerId", reference: "users", column: "ownerId" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  protected override toParams(store: Store) {
    const contact: StoreContact = store.contact ?? {};
    const { contact: _contact, banners: _banners, announcement, headerLinks, footerLinks, enamad, ...rest } = store;
    return {
      ...rest,
      // The logo's public address (the media job writes the key once its variants exist).
      logo: store.logo ? this.deps.platform.mediaStorage.url(store.logo) : null,
      accent: store.accent ?? "",
      contactPhone: contact.phone ?? "",
      contactEmail: contact.email ?? "",
      contactProvince: contact.provinceId ? (findProvince(contact.provinceId)?.name ?? "") : "",
      contactCity: contact.city ?? "",
      contactAddress: contact.address ?? "",
      contactPostalCode: contact.postalCode ?? "",
      contactWorkingHours: contact.workingHours ?? "",
      ...Object.fromEntries(SOCIAL_FIELDS.map(([path, kind]) => [path, contact.social?.find((link) => link.kind === kind)?.url ?? ""])),
      announcementText: announcement?.text ?? "",
      announcementLink: announcement?.link ?? "",
      headerLinks: linksText(headerLinks),
      footerLinks: linksText(footerLinks),
      enamadId: enamad?.id ?? "",
      enamadCode: enamad?.code ?? "",
    };
  }

  /** Each store's reminder and back-in-stock SMS today, beside its budget (issue 27 #6): one query for the page. */
  protected override async present(rows: Store[], access: Access) {
    const params = await super.present(rows, access);
    const today = await smsBudgetToday(
      this.manager(),
      rows.map((row) => row.id),
    );
    const config = this.deps.platform.config;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const thumbnails = await this.bannerThumbnails(rows);
    const settings = storesWith(access, "settings:write");
    return params.map((row) => {
      const store = byId.get(String(row.id));
      // The addresses (and Emalls' token) to give the price-comparison sites, only to whoever may change the settings.
      const mayChange = store && (settings === "all" || settings.includes(store.id));
      const { used, withheld } = today.get(String(row.id)) ?? { used: 0, withheld: 0 };
      return {
        ...row,
        smsUsedToday: used,
        smsBudgetToday: smsBudgetNote(Number(row.smsDailyBudget), used, withheld),
        ...(mayChange ? priceComparisonAccess(config, store) : {}),
        banners: bannersText((store?.banners ?? []).map((banner) => ({ ...banner, thumbnail: thumbnails.get(banner.mediaId) ?? null }))),
      };
    });
  }

  /** The banners' pictures at their smallest WebP width, for the form and the store's page: one query for the page. */
  private async bannerThumbnails(rows: Store[]): Promise<Map<string, string>> {
    const ids = rows.flatMap((row) => (row.banners ?? []).map((banner) => banner.mediaId));
    if (ids.length === 0) return new Map();
    const media = await this.manager()
      .getRepository(Media)
      .findBy({ id: In(ids), storeId: In(rows.map((row) => row.id)) });
    const { mediaStorage } = this.deps.platform;
    return new Map(
      media.flatMap((item) => {
        const smallest = item.variants.filter((variant) => variant.format === "webp").sort((a, b) => a.width - b.width)[0];
        return smallest ? [[item.id, mediaStorage.url(smallest.key)] as const] : [];
      }),
    );
  }

  /** The service names nested fields (contact.phone, enamad.id); the form has one field each. */
  protected override fieldOf(field: string): string {
    const [head, second] = field.split(".");
    if (head === "contact") return second === "social" ? "socialInstagram" : (CONTACT_FIELDS[second ?? ""] ?? "contactPhone");
    if (head === "announcement") return second === "link" ? "announcementLink" : "announcementText";
    if (head === "enamad") return second === "code" ? "enamadCode" : "enamadId";
    if (head === "headerLinks" || head === "footerLinks") return head;
    return field;
  }

  /** The settings the form posted, in the service's shape; a group whose fields were not posted stays as it is. */
  private settingsInput(params: Params) {
    const value = (key: string) => (text(params, key) ?? "").trim();
    const input: Record<string, unknown> = {};
    if (has(params, "accent")) input.accent = value("accent") || null;
    if (has(params, "showLatinName")) input.showLatinName = value("showLatinName") === "true";
    if (Object.values(CONTACT_FIELDS).some((key) => has(params, key)) || SOCIAL_FIELDS.some(([key]) => has(params, key))) {
      const provinceName = value("contactProvince");
      const province = provinceName ? PROVINCES.find((candidate) => candidate.name === provinceName) : undefined;
      if (provinceName && !province) throw fieldError("contactProvince", "استان را از فهرست انتخاب کنید.");
      input.contact = {
        phone: value("contactPhone") || null,
        email: value("contactEmail") || null,
        provinceId: province?.id ?? null,
        city: value("contactCity") || null,
        address: value("contactAddress") || null,
        postalCode: value("contactPostalCode") || null,
        workingHours: value("contactWorkingHours") || null,
        social: SOCIAL_FIELDS.flatMap(([key, kind]) => (value(key) ? [{ kind, url: value(key) }] : [])),
      };
    }
    if (has(params, "announcementText") || has(params, "announcementLink")) {
      input.announcement = value("announcementText") ? { text: value("announcementText"), link: value("announcementLink") || null } : null;
    }
    if (has(params, "banners")) input.banners = parseBanners(text(params, "banners") ?? "");
    if (has(params, "headerLinks")) input.headerLinks = parseLinks(value("headerLinks"), "headerLinks");
    // An empty footer: the content pages, as for a new store.
    if (has(params, "footerLinks")) input.footerLinks = value("footerLinks") ? parseLinks(value("footerLinks"), "footerLinks") : null;
    if (has(params, "enamadId") || has(params, "enamadCode")) {
      input.enamad = value("enamadId") || value("enamadCode") ? { id: value("enamadId"), code: value("enamadCode") } : null;
    }
    return input;
  }

  protected override async updateRow({ ctx }: WriteScope, store: Store, params: Params): Promise<Store> {
    await authorize(ctx, "settings:write", { storeId: store.id });
    if (
      has(params, "unpaidReminderMinutes") ||
      has(params, "smsDailyBudget") ||
      has(params, "torobEnabled") ||
      has(params, "emallsEnabled")
    ) {
      await updateRetentionSettings(
        ctx,
        store.id,
        // Text that is not a number reaches the service as it is, which refuses it by the field's name.
        defined({
          unpaidReminderMinutes: nullableInteger(params, "unpaidReminderMinutes") as number | null | undefined,
          smsDailyBudget: integer(params, "smsDailyBudget") as number | undefined,
          torobEnabled: boolean(params, "torobEnabled"),
          emallsEnabled: boolean(params, "emallsEnabled"),
        }),
        this.retentionOptions(),
      );
    }
    return updateStoreSettings(
      ctx,
      store.id,
      // Unknown themes or layouts are refused by the service's schema, with its message.
      defined({
        name: text(params, "name"),
        description: text(params, "description"),
        theme: text(params, "theme") as StoreTheme | undefined,
        layout: text(params, "layout") as StoreLayout | undefined,
        ...this.settingsInput(params),
      }),
    );
  }

  private retentionOptions() {
    const { config } = this.deps.platform;
    return { reservationMinutes: config.ORDER_RESERVATION_MINUTES, config };
  }

  /** Renews the store's Emalls token (the service checks who may). */
  async renewEmallsToken(context: ActionContext, id: string): Promise<void> {
    await this.write(context, async ({ ctx, access }) => {
      await this.loadForWrite(ctx.manager, access, id);
      await renewEmallsToken(ctx, id, this.retentionOptions());
      return this.loadForWrite(ctx.manager, access, id);
    });
  }

  /** Suspends or resumes a store: platform staff only, whatever the buttons show. */
  async setStatus(context: ActionContext, id: string, status: StoreStatus): Promise<void> {
    await this.write(context, async ({ ctx, access }) => {
      if (!access.staff) throw new ForbiddenError("anyForbiddenError");
      await this.loadForWrite(ctx.manager, access, id);
      return setStoreStatus(ctx, id, status);
    });
  }
}

function statusAction(status: StoreStatus): ActionHandler<RecordActionResponse> {
  return async (request, _response, context) => {
    const { record, resource, currentAdmin, h } = context;
    if (!record) throw recordNotFound();
    if (request.method !== "post") return { record: record.toJSON(currentAdmin) };
    await (resource as StoreResource).setStatus(context, String(record.id()), status);
    const updated = await resource.findOne(String(record.id()), context);
    return {
      record: (updated ?? record).toJSON(currentAdmin),
      notice: { message: status === "suspended" ? "storeSuspended" : "storeResumed", type: "success" },
      redirectUrl: h.recordActionUrl({ resourceId: "stores", recordId: String(record.id()), actionName: "show" }),
    };
  };
}

/** «کلید تازهٔ ایمالز»: a page with a button that posts (a GET renews nothing), back to the store with the new token. */
const renewEmallsTokenAction: ActionHandler<RecordActionResponse> = async (request, _response, context) => {
  const { record, resource, currentAdmin, h } = context;
  if (!record) throw recordNotFound();
  if (request.method !== "post") return { record: record.toJSON(currentAdmin) };
  await (resource as StoreResource).renewEmallsToken(context, String(record.id()));
  const updated = await resource.findOne(String(record.id()), context);
  return {
    record: (updated ?? record).toJSON(currentAdmin),
    notice: { message: "emallsTokenRenewed", type: "success" },
    redirectUrl: h.recordActionUrl({ resourceId: "stores", recordId: String(record.id()), actionName: "show" }),
  };
};

export function storeResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new StoreResource(deps),
    options: {
      navigation: { name: "store", icon: "ShoppingBag" },
      titleProperty: "name",
      sort: { sortBy: "name", direction: "asc" },
      listProperties: ["name", "slug", "status", "theme", "layout", "customDomain", "createdAt"],
      showProperties: [
        "name",
        "slug",
        "status",
        "logo",
        "description",
        "theme",
        "layout",
        "accent",
        "showLatinName",
        "contactPhone",
        "contactEmail",
        "contactProvince",
        "contactCity",
        "contactAddress",
        "contactPostalCode",
        "contactWorkingHours",
        ...SOCIAL_FIELDS.map(([path]) => path),
        "banners",
        "announcementText",
        "announcementLink",
        "headerLinks",
        "footerLinks",
        "enamadId",
        "enamadCode",
        "unpaidReminderMinutes",
        "smsDailyBudget",
        "smsUsedToday",
        "smsBudgetToday",
        "torobEnabled",
        "torobUrl",
        "emallsEnabled",
        "emallsUrl",
        "emallsToken",
        "customDomain",
        "customDomainVerified",
        "tenantId",
        "ownerId",
        "createdAt",
        "updatedAt",
      ],
      editProperties: [
        "name",
        "logo",
        "description",
        "theme",
        "layout",
        "accent",
        "showLatinName",
        "contactPhone",
        "contactEmail",
        "contactProvince",
        "contactCity",
        "contactAddress",
        "contactPostalCode",
        "contactWorkingHours",
        ...SOCIAL_FIELDS.map(([path]) => path),
        "banners",
        "announcementText",
        "announcementLink",
        "headerLinks",
        "footerLinks",
        "enamadId",
        "enamadCode",
        "unpaidReminderMinutes",
        "smsDailyBudget",
        "torobEnabled",
        "emallsEnabled",
        "customDomain",
      ],
      filterProperties: ["name", "slug", "status", "theme", "layout"],
      properties: {
        id: { isVisible: false },
        name: { isTitle: true, isRequired: true },
        slug: readOnly,
        status: readOnly,
        customDomain: {
          ...readOnly,
          isDisabled: true,
          isVisible: { list: true, show: true, edit: true, filter: false },
          description: "دامنه را از «دامنهٔ اختصاصی» وصل، بررسی یا حذف کنید.",
        },
        customDomainVerified: showOnly,
        logo: { components: { show: Components.StoreLogo, list: Components.StoreLogo, edit: Components.StoreLogoInput } },
        banners: { components: { show: Components.StoreBanners, edit: Components.StoreBanners } },
        description: { type: "textarea" },
        theme: { components: { show: Components.ThemeChoice, edit: Components.ThemeChoice } },
        accent: { description: "یکی از رنگ‌های پوستهٔ انتخاب‌شده؛ خالی: رنگ خود پوسته." },
        showLatinName: { description: "نام لاتین کالا زیر نام فارسی در صفحهٔ کالا بیاید." },
        contactPhone: { description: "با پیش‌شماره، مثل ۰۲۱۸۸۷۷۶۶۵۵؛ در پانویس، صفحهٔ «تماس با ما» و فاکتورها می‌آید." },
        contactAddress: { type: "textarea" },
        headerLinks: { type: "textarea", description: "هر خط یک پیوند: متن | نشانی، مثل «تخفیف‌ها | /pages/sale/»." },
        footerLinks: {
          type: "textarea",
          description: "هر خط یک پیوند: متن | نشانی. خالی بگذارید تا صفحه‌های فروشگاه (درباره ما، تماس با ما، …) بیایند.",
        },
        enamadId: { description: "از کدی که enamad.ir می‌دهد: عدد پس از id=. نشان اینماد در پانویس همهٔ صفحه‌ها می‌آید." },
        enamadCode: { description: "از همان کد: مقدار پس از Code=." },
        unpaidReminderMinutes: {
          ...persianNumber,
          description:
            "سفارشی که این چند دقیقه پس از ثبت هنوز پرداخت نشده، یک پیامک یادآوری با پیوند پرداخت می‌گیرد؛ خالی: بدون یادآوری. کمتر از مدت نگه‌داری کالا.",
        },
        smsDailyBudget: {
          ...persianNumber,
          description: "بیشترین پیامک یادآوری و «موجود شد» در یک روز؛ پیامک‌های ورود و وضعیت سفارش شمرده نمی‌شوند.",
        },
        smsUsedToday: { ...showOnly, ...persianNumber },
        smsBudgetToday: showOnly,
        torobEnabled: {
          description:
            "ترب محصولات را از وب‌سرویس نسخهٔ ۳ خودش در نشانی ‎/torob_api/v3/products‎ همین فروشگاه می‌خواند؛ این نشانی را در پنل فروشندگان ترب وارد کنید.",
        },
        torobUrl: {
          ...showOnly,
          components: { show: Components.LtrText },
          description: "این نشانی را در پنل فروشندگان ترب وارد کنید؛ ترب درخواست‌هایش را خودش امضا می‌کند و کلیدی از شما نمی‌خواهد.",
        },
        emallsEnabled: {
          description: "ایمالز فهرست محصولات را صفحه‌به‌صفحه از نشانی ‎/emalls_api/products‎ همین فروشگاه و با کلید این فروشگاه می‌خواند.",
        },
        emallsUrl: {
          ...showOnly,
          components: { show: Components.LtrText },
          description: "این نشانی و کلید زیر را به ایمالز بدهید.",
        },
        emallsToken: {
          ...showOnly,
          components: { show: Components.LtrText },
          description:
            "ایمالز این کلید را با هر درخواست می‌فرستد. اگر به دست دیگری افتاد، «کلید تازهٔ ایمالز» را بزنید؛ کلید قبلی همان دم از کار می‌افتد.",
        },
        tenantId: showOnly,
        ownerId: showOnly,
        ...timestamps(),
      },
      actions: {
        new: nobody,
        edit: { ...allowedTo("settings:write") },
        delete: nobody,
        bulkDelete: nobody,
        domain: domainAction(deps),
        // «کانال تلگرام»: for whoever may change the store's settings (owner, manager, staff); the services check again.
        telegram: { ...telegramAction(deps), ...allowedTo("settings:write") },
        // «اینستاگرام»: the same people; connecting goes through Instagram Login (instagram-login.ts).
        instagram: { ...instagramAction(deps), ...allowedTo("settings:write") },
        // Shown while Emalls' webservice is on (a token is only shown then); the service checks who may.
        renewEmallsToken: {
          actionType: "record",
          icon: "Key",
          component: Components.ConfirmAction,
          ...allowedTo("settings:write"),
          isVisible: (context) => allowedTo("settings:write").isVisible(context) && context.record?.params.emallsEnabled === true,
          handler: renewEmallsTokenAction,
        },
        suspend: {
          actionType: "record",
          icon: "PauseCircle",
          variant: "danger",
          // A page with a button that posts: a GET never changes anything (a link from another site cannot suspend a store).
          component: Components.ConfirmAction,
          isAccessible: (context) => isStaff(context) && context.record?.params.status === "active",
          isVisible: (context) => isStaff(context) && context.record?.params.status === "active",
          handler: statusAction("suspended"),
        },
        resume: {
          actionType: "record",
          icon: "PlayCircle",
          variant: "success",
          // A page with a button that posts: a GET never changes anything (a link from another site cannot suspend a store).
          component: Components.ConfirmAction,
          isAccessible: (context) => isStaff(context) && context.record?.params.status === "suspended",
          isVisible: (context) => isStaff(context) && context.record?.params.status === "suspended",
          handler: statusAction("active"),
        },
      },
    },
  };
}
