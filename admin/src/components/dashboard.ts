import { ApiClient } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import type { DashboardData } from "../dashboard/dashboard.js";
import AnalyticsPanel from "./analytics-panel.js";
import { DS, faNumber, h, jalali, jalaliDay, jalaliMonth, rootPath, toman } from "./ui.js";

const BUILD_STATES: Record<string, string> = {
  building: "در حال ساخت",
  succeeded: "ساخته و منتشر شد",
  failed: "ناموفق؛ نسخهٔ قبلی سایت در دسترس است",
};

function card(title: string, value: string, note: string | null, key: string) {
  return h(
    DS.Box,
    { key, className: "mall-card", bg: "white", p: "xl", mb: "lg" },
    h(DS.Text, { className: "mall-card__title" }, title),
    h(DS.Text, { className: "mall-card__value" }, value),
    note ? h(DS.Text, { className: "mall-card__note" }, note) : null,
  );
}

/** A figure that opens the list behind it. */
function linkCard(href: string, title: string, value: string, key: string, note: string | null = null) {
  return h("a", { key, href, className: "mall-card-link" }, card(title, value, note, `${key}-card`));
}

/** Where each checklist item is done in the back office. */
function setupLink(root: string, storeId: string, key: string): string {
  switch (key) {
    case "product":
      return `${root}/resources/products/actions/new`;
    case "shipping":
      return `${root}/resources/shippingMethods/actions/new`;
    case "gateway":
      return `${root}/resources/paymentGateways/actions/list`;
    case "telegram":
      return `${root}/resources/stores/records/${storeId}/telegram`;
    case "domain":
      return `${root}/resources/stores/records/${storeId}/domain`;
    default:
      return `${root}/resources/stores/records/${storeId}/edit`;
  }
}

type Readiness = NonNullable<DashboardData["stores"][number]["readiness"]>;

/** «راه‌اندازی فروشگاه»: progress, then each item (done or what to do) linking to its page; and what eNamad still needs. */
function setupSection(root: string, store: { id: string; name: string }, readiness: Readiness, many: boolean) {
  const done = readiness.setup.filter((item) => item.done).length;
  const total = readiness.setup.length;
  const enamadMissing = readiness.enamad.filter((item) => !item.done);
  return section(
    many ? `راه‌اندازی فروشگاه: ${store.name}` : "راه‌اندازی فروشگاه",
    h(
      DS.Text,
      { mb: "md", "data-testid": "setup-progress" },
      done === total ? "فروشگاه شما آمادهٔ فروش است." : `${faNumber(done)} از ${faNumber(total)} کار انجام شده است.`,
    ),
    h("progress", { className: "mall-progress", max: total, value: done, "aria-label": "پیشرفت راه‌اندازی" }),
    h(
      "ul",
      { className: "mall-checklist", "data-testid": "setup-checklist" },
      ...readiness.setup.map((item) =>
        h(
          "li",
          { key: item.key, "data-done": item.done ? "yes" : "no", "data-key": item.key },
          h("span", { "aria-hidden": true, className: "mall-checklist__mark" }, item.done ? "✓" : "○"),
          h("a", { href: setupLink(root, store.id, item.key) }, item.label),
          item.done
            ? h("span", { className: "mall-sr-only" }, " (انجام شده)")
            : h(DS.Text, { as: "span", className: "mall-checklist__hint" }, ` — ${item.hint}`),
        ),
      ),
    ),
    h(DS.H5, { mt: "xl", mb: "sm" }, "آمادگی برای اینماد"),
    enamadMissing.length === 0
      ? h(DS.Text, { "data-testid": "enamad-ready" }, "همهٔ آنچه بازبینان اینماد می‌بینند آماده است.")
      : h(
          "ul",
          { className: "mall-checklist", "data-testid": "enamad-missing" },
          ...enamadMissing.map((item) =>
            h(
              "li",
              { key: item.key },
              h("span", { "aria-hidden": true, className: "mall-checklist__mark" }, "○"),
              `${item.label} — ${item.hint}`,
            ),
          ),
        ),
  );
}

function section(title: string, ...children: React.ReactNode[]) {
  return h(DS.Box, { className: "mall-section", bg: "white", p: "xl", mb: "xl" }, h(DS.H4, { mb: "lg" }, title), ...children);
}

/**
 * The home page: today's and this (Jalali) month's orders and revenue, the
 * store's analytics (charts over a Jalali range, CSV), the instances
 * running out, and each store's latest site build. Orders come
 * with their issue; until then the cards say that none has been placed.
 */
const Dashboard: React.FC = () => {
  const [data, setData] = useState<DashboardData | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    new ApiClient()
      .getDashboard<DashboardData>()
      .then((response) => setData(response.data))
      .catch(() => setFailed(true));
  }, []);

  if (failed)
    return h(DS.Box, { p: "xxl" }, h(DS.MessageBox, { variant: "danger", message: "پیشخوان بارگیری نشد؛ لطفاً صفحه را دوباره باز کنید." }));
  if (!data) return h(DS.Loader, null);
  const root = rootPath();
  const now = new Date();
  const noOrders = data.orders.available ? null : "هنوز سفارشی ثبت نشده";

  return h(
    DS.Box,
    { className: "mall-dashboard", p: "xxl" },
    h(DS.H2, { mb: "sm" }, data.staff ? "پیشخوان مال" : "پیشخوان فروشگاه"),
    h(DS.Text, { mb: "xxl", color: "grey60" }, jalaliDay(now)),
    ...data.stores
      .filter((store) => store.readiness)
      .slice(0, 3)
      .map((store) => h("div", { key: `setup-${store.id}` }, setupSection(root, store, store.readiness!, data.stores.length > 1))),
    h(
      "div",
      { className: "mall-cards" },
      card("سفارش‌های امروز", faNumber(data.orders.today.orders), noOrders, "today-orders"),
      card("فروش امروز", toman(data.orders.today.revenueRials), noOrders, "today-revenue"),
      card(`سفارش‌های ${jalaliMonth(now)}`, faNumber(data.orders.month.orders), noOrders, "month-orders"),
      card(`فروش ${jalaliMonth(now)}`, toman(data.orders.month.revenueRials), noOrders, "month-revenue"),
    ),
    section("گزارش فروش", h(AnalyticsPanel, null)),
    data.platform
      ? section(
          "مال در یک نگاه",
          h(
            "div",
            { className: "mall-cards", "data-testid": "platform-figures" },
            card(
              "فروشگاه‌ها",
              faNumber(data.platform.stores),
              data.platform.suspended > 0 ? `${faNumber(data.platform.suspended)} فروشگاه تعلیق‌شده` : null,
              "stores",
            ),
            linkCard(
              `${root}/resources/storeRequests/actions/list?filters.status=pending`,
              "درخواست‌های در انتظار",
              faNumber(data.platform.pendingRequests),
              "pending-requests",
            ),
            card("سفارش‌های پرداخت‌شده تا امروز", faNumber(data.platform.orders.orders), null, "platform-orders"),
            card("فروش کل تا امروز", toman(data.platform.orders.revenueRials), null, "platform-revenue"),
            linkCard(
              `${root}/resources/domains/actions/list`,
              "دامنه‌های اختصاصی",
              faNumber(data.platform.domains),
              "domains",
              data.platform.domainsWaiting > 0 ? `${faNumber(data.platform.domainsWaiting)} در انتظار تأیید` : null,
            ),
            card("حساب‌ها", faNumber(data.platform.tenants), null, "tenants"),
            card("کاربران", faNumber(data.platform.users), null, "users"),
          ),
        )
      : null,
    section(
      `موجودی رو به پایان (${faNumber(data.lowStockThreshold)} عدد یا کمتر)`,
      data.lowStock.length === 0
        ? h(DS.Text, { color: "grey60" }, "همهٔ مدل‌ها موجودی کافی دارند.")
        : h(
            DS.Table,
            { width: 1 },
            h(
              DS.TableHead,
              null,
              h(
                DS.TableRow,
                null,
                h(DS.TableCell, null, "محصول"),
                h(DS.TableCell, null, "کد انبار"),
                h(DS.TableCell, null, "موجودی"),
                data.staff ? h(DS.TableCell, null, "فروشگاه") : null,
              ),
            ),
            h(
              DS.TableBody,
              null,
              ...data.lowStock.map((row) =>
                h(
                  DS.TableRow,
                  { key: row.instanceId },
                  h(DS.TableCell, null, h("a", { href: `${root}/resources/instances/records/${row.instanceId}/edit` }, row.productName)),
                  h(DS.TableCell, { dir: "ltr", className: "mall-ltr" }, row.sku),
                  h(
                    DS.TableCell,
                    null,
                    h(DS.Badge, { variant: row.stock === 0 ? "danger" : "secondary" }, row.stock === 0 ? "تمام شده" : faNumber(row.stock)),
                  ),
                  data.staff ? h(DS.TableCell, null, row.storeName) : null,
                ),
              ),
            ),
          ),
    ),
    section(
      "سایت فروشگاه",
      data.stores.length === 0
        ? h(DS.Text, { color: "grey60" }, "فروشگاهی نیست.")
        : h(
            DS.Table,
            { width: 1 },
            h(
              DS.TableHead,
              null,
              h(
                DS.TableRow,
                null,
                h(DS.TableCell, null, "فروشگاه"),
                h(DS.TableCell, null, "آخرین ساخت سایت"),
                h(DS.TableCell, null, "زمان"),
                h(DS.TableCell, null, "صفحه‌ها"),
              ),
            ),
            h(
              DS.TableBody,
              null,
              ...data.stores.map((store) =>
                h(
                  DS.TableRow,
                  { key: store.id },
                  h(
                    DS.TableCell,
                    null,
                    h("a", { href: `${root}/resources/stores/records/${store.id}/show` }, store.name),
                    store.status === "suspended" ? h(DS.Badge, { variant: "danger", className: "mall-badge" }, "تعلیق‌شده") : null,
                  ),
                  h(
                    DS.TableCell,
                    null,
                    store.latestBuild
                      ? h(
                          DS.Badge,
                          {
                            variant:
                              store.latestBuild.status === "failed"
                                ? "danger"
                                : store.latestBuild.status === "building"
                                  ? "info"
                                  : "success",
                          },
                          BUILD_STATES[store.latestBuild.status] ?? store.latestBuild.status,
                        )
                      : h(DS.Text, { color: "grey60" }, "هنوز ساخته نشده"),
                  ),
                  h(DS.TableCell, null, store.latestBuild ? jalali(store.latestBuild.finishedAt ?? store.latestBuild.createdAt) : "—"),
                  h(DS.TableCell, null, store.latestBuild?.pageCount != null ? faNumber(store.latestBuild.pageCount) : "—"),
                ),
              ),
            ),
          ),
    ),
  );
};

export default Dashboard;
