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

  if (failed) return h(DS.Box, { p: "xxl" }, h(DS.MessageBox, { variant: "danger", message: "پیشخوان بارگیری نشد؛ لطفاً صفحه را دوباره باز کنید." }));
  if (!data) return h(DS.Loader, null);
  const root = rootPath();
  const now = new Date();
  const noOrders = data.orders.available ? null : "هنوز سفارشی ثبت نشده";

  return h(
    DS.Box,
    { className: "mall-dashboard", p: "xxl" },
    h(DS.H2, { mb: "sm" }, data.staff ? "پیشخوان مال" : "پیشخوان فروشگاه"),
    h(DS.Text, { mb: "xxl", color: "grey60" }, jalaliDay(now)),
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
            { className: "mall-cards" },
            card("حساب‌ها", faNumber(data.platform.tenants), null, "tenants"),
            card("فروشگاه‌ها", faNumber(data.platform.stores), null, "stores"),
            card("فروشگاه‌های تعلیق‌شده", faNumber(data.platform.suspended), null, "suspended"),
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
              h(DS.TableRow, null, h(DS.TableCell, null, "محصول"), h(DS.TableCell, null, "کد انبار"), h(DS.TableCell, null, "موجودی"), data.staff ? h(DS.TableCell, null, "فروشگاه") : null),
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
                  h(DS.TableCell, null, h(DS.Badge, { variant: row.stock === 0 ? "danger" : "secondary" }, row.stock === 0 ? "تمام شده" : faNumber(row.stock))),
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
            h(DS.TableHead, null, h(DS.TableRow, null, h(DS.TableCell, null, "فروشگاه"), h(DS.TableCell, null, "آخرین ساخت سایت"), h(DS.TableCell, null, "زمان"), h(DS.TableCell, null, "صفحه‌ها"))),
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
                      ? h(DS.Badge, { variant: store.latestBuild.status === "failed" ? "danger" : store.latestBuild.status === "building" ? "info" : "success" }, BUILD_STATES[store.latestBuild.status] ?? store.latestBuild.status)
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
