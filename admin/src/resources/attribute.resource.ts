import { ATTRIBUTE_TYPES, ProductAttribute, type AttributeValue } from "@mall/server/catalog/attribute.entity.js";
import { allowedTo } from "../access.js";
import {
  addAttributeValue,
  createAttribute,
  deleteAttribute,
  deleteAttributeValue,
  updateAttribute,
  updateAttributeValue,
  withValues,
} from "@mall/server/catalog/attribute.service.js";
import { getCategoryIn } from "@mall/server/catalog/category.service.js";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { DomainError } from "@mall/server/core/errors.js";
import { authorize } from "@mall/server/identity/authorization.js";
import { z } from "@mall/server/platform/zod.js";
import type { ParamsType, ResourceWithOptions } from "adminjs";
import type { Access } from "../access.js";
import { Components } from "../components.js";
import { hidden, storeReference, timestamps } from "../features/properties.js";
import { bulkDeleteInOneTransaction } from "./bulk-delete.js";
import { boolean, defined, integer, nested, nullableText, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";

interface ValueInput {
  id?: string;
  value?: string;
  valueFa?: string;
  hex?: string | null;
  sortOrder?: number | string;
}

/**
 * Attributes with their values, edited together on one form: values added,
 * changed or removed there go through the attribute service one by one, in
 * the same transaction, and a refused value is reported on its own row.
 */
export class AttributeResource extends ServiceResource<ProductAttribute> {
  protected readonly resourceId = "attributes";
  protected readonly entity = ProductAttribute;
  protected readonly alias = "attribute";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };
  protected override defaultSort = { column: "sortOrder", direction: "ASC" as const };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "categoryId", reference: "categories", column: "categoryId" },
      { path: "nameFa", column: "nameFa", match: "persian" },
      { path: "name", column: "name" },
      { path: "type", column: "type", availableValues: ATTRIBUTE_TYPES },
      { path: "isCategorizer", type: "boolean", column: "isCategorizer" },
      { path: "isRequired", type: "boolean", column: "isRequired" },
      { path: "sortOrder", numeric: true, column: "sortOrder" },
      { path: "values", type: "mixed", isSortable: false },
      { path: "valuesLabel", isSortable: false },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  /** Each attribute's values, read per store through the attribute service. */
  protected override async present(rows: ProductAttribute[], access: Access): Promise<ParamsType[]> {
    const ctx = { manager: this.manager(), actor: access.actor };
    const values = new Map<string, AttributeValue[]>();
    for (const storeId of new Set(rows.map((row) => row.storeId))) {
      for (const { attribute, values: mine } of await withValues(
        ctx,
        storeId,
        rows.filter((row) => row.storeId === storeId),
      ))
        values.set(attribute.id, mine);
    }
    return rows.map((row) => {
      const mine = values.get(row.id) ?? [];
      return {
        ...row,
        values: mine.map((value) => ({
          id: value.id,
          value: value.value,
          valueFa: value.valueFa,
          hex: value.hex,
          sortOrder: value.sortOrder,
        })),
        valuesLabel: mine.map((value) => value.valueFa).join("، "),
      };
    });
  }

  protected override async createRow(scope: WriteScope, params: Params): Promise<ProductAttribute> {
    const categoryId = text(params, "categoryId") ?? "";
    // The category decides the store: it must be one of the person's.
    const category = await getCategoryIn(scope.ctx, scope.access.storeIds, categoryId, "categoryId");
    const storeId = await storeForNewRow(scope, category.storeId, "categoryId");
    const values = valuesOf(params) ?? [];
    const { attribute } = await createAttribute(scope.ctx, storeId, category.id, {
      name: text(params, "name") ?? "",
      nameFa: text(params, "nameFa") ?? "",
      type: (text(params, "type") ?? "") as ProductAttribute["type"],
      isRequired: boolean(params, "isRequired") ?? false,
      isCategorizer: boolean(params, "isCategorizer") ?? false,
      sortOrder: integer(params, "sortOrder") as number | undefined,
      values: values.map((value) => ({
        value: value.value ?? "",
        valueFa: value.valueFa ?? "",
        hex: value.hex || null,
        sortOrder: integer(value as Params, "sortOrder") as number | undefined,
      })),
    });
    return attribute;
  }

  protected override async updateRow({ ctx }: WriteScope, attribute: ProductAttribute, params: Params): Promise<ProductAttribute> {
    const { storeId } = attribute;
    await authorize(ctx, "catalog:write", { storeId });
    const { attribute: updated, values: existing } = await updateAttribute(
      ctx,
      storeId,
      attribute.id,
      defined({
        nameFa: text(params, "nameFa"),
        isRequired: boolean(params, "isRequired"),
        isCategorizer: boolean(params, "isCategorizer"),
        sortOrder: integer(params, "sortOrder") as number | undefined,
      }),
    );
    const submitted = valuesOf(params);
    if (submitted === undefined) return updated;
    const kept = new Set(submitted.flatMap((value) => (value.id ? [value.id] : [])));
    for (const value of existing) if (!kept.has(value.id)) await deleteAttributeValue(ctx, storeId, attribute.id, value.id);
    for (const [index, value] of submitted.entries()) {
      const sortOrder = integer(value as Params, "sortOrder") as number | undefined;
      const current = value.id ? existing.find((row) => row.id === value.id) : undefined;
      await onRow(index, async () => {
        if (current) {
          const hex = value.hex || null;
          if (current.valueFa !== value.valueFa || current.hex !== hex || (sortOrder !== undefined && current.sortOrder !== sortOrder)) {
            await updateAttributeValue(ctx, storeId, attribute.id, current.id, defined({ valueFa: value.valueFa, hex, sortOrder }));
          }
        } else {
          await addAttributeValue(ctx, storeId, attribute.id, {
            value: value.value ?? "",
            valueFa: value.valueFa ?? "",
            hex: value.hex || null,
            sortOrder,
          });
        }
      });
    }
    return updated;
  }

  protected override async deleteRow({ ctx }: WriteScope, attribute: ProductAttribute): Promise<void> {
    await authorize(ctx, "catalog:write", { storeId: attribute.storeId });
    await deleteAttribute(ctx, attribute.storeId, attribute.id);
  }
}

/** The form's values list; undefined when the form did not send one (the values are left as they are). */
function valuesOf(params: Params): ValueInput[] | undefined {
  const values = nested(params).values;
  if (values === undefined) return undefined;
  if (!Array.isArray(values)) return [];
  return values.map((value: Record<string, unknown>) => ({
    id: typeof value.id === "string" && UUID_PATTERN.test(value.id) ? value.id : undefined,
    value: value.value === undefined || value.value === null ? undefined : String(value.value),
    valueFa: value.valueFa === undefined || value.valueFa === null ? undefined : String(value.valueFa),
    hex: nullableText(value, "hex") ?? null,
    sortOrder: value.sortOrder as number | string | undefined,
  }));
}

/** Runs one value's change; its refusal names that value's row of the form (`values.2.hex`). */
async function onRow(index: number, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof DomainError)
      throw new DomainError(error.kind, error.code, error.message, `values.${index}.${error.field ?? "value"}`);
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      throw new DomainError(
        "invalid",
        "invalid_input",
        issue?.message ?? "ورودی نامعتبر است.",
        `values.${index}.${issue?.path.map(String).join(".") || "value"}`,
      );
    }
    throw error;
  }
}

export function attributeResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new AttributeResource(deps),
    options: {
      navigation: { name: "catalog", icon: "Tag" },
      titleProperty: "nameFa",
      listProperties: ["nameFa", "name", "type", "categoryId", "isCategorizer", "isRequired", "valuesLabel"],
      showProperties: [
        "nameFa",
        "name",
        "type",
        "categoryId",
        "isCategorizer",
        "isRequired",
        "sortOrder",
        "values",
        "storeId",
        "createdAt",
        "updatedAt",
      ],
      editProperties: ["categoryId", "nameFa", "name", "type", "isCategorizer", "isRequired", "sortOrder", "values"],
      filterProperties: ["nameFa", "name", "type", "categoryId", "isCategorizer", "storeId"],
      properties: {
        id: hidden,
        storeId: storeReference,
        nameFa: { isTitle: true, isRequired: true },
        name: { isRequired: true, description: "keyHelp" },
        type: { isRequired: true },
        valuesLabel: { isVisible: { list: true, show: false, edit: false, filter: false }, components: { list: Components.ValueList } },
        // One component for the whole list (AdminJS's array editor cannot label nested fields in Persian).
        values: { type: "mixed", components: { show: Components.ValueList, edit: Components.AttributeValuesInput } },
        ...timestamps(),
      },
      actions: {
        new: { ...allowedTo("catalog:write") },
        delete: { ...allowedTo("catalog:write") },
        edit: {
          ...allowedTo("catalog:write"),
          // The category (and so the store) an attribute is defined on does not change.
          before: async (request) => {
            if (request.payload) delete request.payload.categoryId;
            return request;
          },
        },
        bulkDelete: { handler: bulkDeleteInOneTransaction, ...allowedTo("catalog:write") },
      },
    },
  };
}
