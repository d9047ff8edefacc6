import { findCity, findProvince, formatNumber, normalizePersian, parseTomans, type Province, PROVINCES, rialsToTomans } from "@mall/locale";
import { SHIPPING_KINDS } from "@mall/server/orders/shipping-kinds.js";
import { ShippingMethod } from "@mall/server/orders/shipping-method.entity.js";
import { createShippingMethod, deleteShippingMethod, updateShippingMethod } from "@mall/server/orders/shipping.service.js";
import type { ParamsType, ResourceWithOptions } from "adminjs";
import { Components } from "../components.js";
import { fieldError } from "../errors.js";
import { hidden, persianNumber, storeChoice, timestamps, toman } from "../features/properties.js";
import { boolean, defined, has, integer, compactDigits, nullableInteger, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";

const key = (name: string) => normalizePersian(name).replace(/\s+/g, "");
const provincesByName = new Map(PROVINCES.map((province) => [key(province.name), province]));
const citiesByName = new Map(PROVINCES.flatMap((province) => province.cities.map((city) => [key(city.name), city.id] as const)).reverse());

/** A province typed by name («تهران») or id; undefined when unknown. */
function provinceOf(typed: string): Province | undefined {
  const digits = compactDigits(typed);
  return /^\d+$/.test(digits) ? findProvince(Number(digits)) : provincesByName.get(key(typed.replace(/^استان\s*/, "")));
}

/** «تهران: ۴۵٬۰۰۰» per line, in Tomans, as the merchant types and reads them, in the provinces' (alphabetical) order. */
function provincePricesText(prices: Record<string, number>): string {
  return Object.entries(prices)
    .sort(([x], [y]) => Number(x) - Number(y))
    .map(([id, rials]) => `${findProvince(Number(id))?.name ?? id}: ${formatNumber(rialsToTomans(rials))}`)
    .join("\n");
}

function parseProvincePrices(raw: string): Record<string, number> {
  const prices: Record<string, number> = {};
  for (const line of raw
    .split(/[\n\r]+/)
    .map((entry) => entry.trim())
    .filter(Boolean)) {
    const match = /^(.+?)\s*[:=：]\s*(.+)$/.exec(line);
    const province = match ? provinceOf(match[1]!) : undefined;
    if (!match || !province)
      throw fieldError("provincePrices", `«${line}» خوانده نشد؛ هر خط یک استان و مبلغ به تومان، مثل «تهران: ۴۵۰۰۰».`);
    const rials = parseTomans(match[2]!);
    if (rials === null) throw fieldError("provincePrices", `مبلغ استان ${province.name} را به تومان و با عدد بنویسید.`);
    prices[String(province.id)] = rials;
  }
  return prices;
}

function parseProvinceList(raw: string): number[] | null {
  const names = raw
    .split(/[،,\n]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (names.length === 0) return null;
  return [
    ...new Set(
      names.map((name) => {
        const province = provinceOf(name);
        if (!province) throw fieldError("provinceIds", `استان «${name}» را نمی‌شناسیم؛ نام استان‌ها را با ویرگول جدا کنید.`);
        return province.id;
      }),
    ),
  ];
}

function parseCity(raw: string | null): number | null {
  if (raw === null || raw.trim() === "") return null;
  const digits = compactDigits(raw);
  const id = /^\d+$/.test(digits) && findCity(Number(digits)) ? Number(digits) : citiesByName.get(key(raw.replace(/^شهر\s*/, "")));
  if (!id) throw fieldError("cityId", `شهر «${raw.trim()}» را نمی‌شناسیم.`);
  return id;
}

/**
 * A store's shipping methods (post pishtaz and sefareshi, Tipax, courier,
 * pickup), read within the person's stores and written only through the
 * shipping service, which validates them and checks `store.manage`. Prices
 * are typed and read in Tomans, stored in Rials; per-province prices and the
 * provinces a method is limited to are typed by province name.
 */
export class ShippingMethodResource extends ServiceResource<ShippingMethod> {
  protected readonly resourceId = "shippingMethods";
  protected readonly entity = ShippingMethod;
  protected readonly alias = "method";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override defaultSort = { column: "sortOrder", direction: "ASC" as const };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "name", column: "name", match: "persian" },
      { path: "kind", column: "kind", availableValues: SHIPPING_KINDS },
      { path: "description", type: "textarea", column: "description", isSortable: false },
      { path: "isActive", type: "boolean", column: "isActive" },
      { path: "price", numeric: true, column: "price" },
      { path: "freeAbove", numeric: true, column: "freeAbove" },
      { path: "provincePrices", type: "textarea", isSortable: false },
      { path: "provinceIds", type: "textarea", isSortable: false },
      { path: "cityId", isSortable: false },
      { path: "sortOrder", numeric: true, column: "sortOrder" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  protected override toParams(method: ShippingMethod): ParamsType {
    return {
      ...method,
      provincePrices: provincePricesText(method.provincePrices ?? {}),
      provinceIds: method.provinceIds?.map((id) => findProvince(id)?.name ?? String(id)).join("، ") ?? "",
      cityId: method.cityId === null ? "" : (findCity(method.cityId)?.city.name ?? String(method.cityId)),
    };
  }

  /** What the form posted, as the service's input (absent fields stay absent). */
  private input(params: Params) {
    return defined({
      kind: text(params, "kind") || undefined,
      name: text(params, "name")?.trim() || undefined,
      description: text(params, "description"),
      isActive: boolean(params, "isActive"),
      price: integer(params, "price") as number | undefined,
      freeAbove: nullableInteger(params, "freeAbove") as number | null | undefined,
      provincePrices: has(params, "provincePrices") ? parseProvincePrices(text(params, "provincePrices") ?? "") : undefined,
      provinceIds: has(params, "provinceIds") ? parseProvinceList(text(params, "provinceIds") ?? "") : undefined,
      cityId: has(params, "cityId") ? parseCity(text(params, "cityId") ?? null) : undefined,
      sortOrder: integer(params, "sortOrder") as number | undefined,
    });
  }

  protected override async createRow(scope: WriteScope, params: Params): Promise<ShippingMethod> {
    const storeId = await storeForNewRow(scope, text(params, "storeId"), "storeId", "settings:write");
    return createShippingMethod(scope.ctx, storeId, this.input(params) as Parameters<typeof createShippingMethod>[2]);
  }

  protected override async updateRow({ ctx }: WriteScope, method: ShippingMethod, params: Params): Promise<ShippingMethod> {
    const { kind: _kind, ...changes } = this.input(params);
    return updateShippingMethod(ctx, method.storeId, method.id, changes);
  }

  protected override async deleteRow({ ctx }: WriteScope, method: ShippingMethod): Promise<void> {
    await deleteShippingMethod(ctx, method.storeId, method.id);
  }
}

export function shippingMethodResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new ShippingMethodResource(deps),
    options: {
      navigation: { name: "sales", icon: "Truck" },
      titleProperty: "name",
      listProperties: ["name", "kind", "price", "freeAbove", "isActive", "sortOrder"],
      showProperties: [
        "name",
        "kind",
        "description",
        "isActive",
        "price",
        "freeAbove",
        "provincePrices",
        "provinceIds",
        "cityId",
        "sortOrder",
        "storeId",
        "createdAt",
        "updatedAt",
      ],
      editProperties: [
        "storeId",
        "kind",
        "name",
        "description",
        "price",
        "freeAbove",
        "provincePrices",
        "provinceIds",
        "cityId",
        "isActive",
        "sortOrder",
      ],
      filterProperties: ["name", "kind", "isActive", "storeId"],
      properties: {
        id: hidden,
        storeId: storeChoice,
        name: { isTitle: true, description: "shippingNameHelp" },
        kind: { isRequired: true },
        description: { type: "textarea" },
        price: { ...toman },
        freeAbove: { ...toman, description: "freeAboveHelp" },
        provincePrices: { type: "textarea", components: { edit: Components.ProvincePrices } },
        provinceIds: { type: "textarea", components: { edit: Components.ProvincePicker } },
        isActive: { components: { edit: Components.ActiveCheckbox } },
        cityId: { description: "cityHelp" },
        sortOrder: { ...persianNumber },
        ...timestamps(),
      },
    },
  };
}
