import { ValidationError, type ActionHandler, type BulkActionResponse } from "adminjs";
import { recordNotFound } from "../errors.js";
import type { ServiceResource } from "./service-resource.js";

/**
 * AdminJS's bulk delete, but in one transaction through the resource's
 * service: every selected row (each already found within the person's
 * stores) is deleted, or, when the service refuses one, none is, and the
 * refusal is the notice.
 */
export const bulkDeleteInOneTransaction: ActionHandler<BulkActionResponse> = async (request, _response, context) => {
  const { records, resource, currentAdmin, h } = context;
  if (!records || records.length === 0) throw recordNotFound();
  const json = records.map((record) => record.toJSON(currentAdmin));
  if (request.method !== "post") return { records: json };
  try {
    await (resource as ServiceResource).deleteMany(
      records.map((record) => String(record.id())),
      context,
    );
  } catch (error) {
    if (error instanceof ValidationError) {
      return { records: json, notice: { message: error.baseError?.message ?? "thereWereValidationErrors", type: "error" } };
    }
    throw error;
  }
  return {
    records: json,
    notice: {
      message: records.length > 1 ? "successfullyBulkDeleted_plural" : "successfullyBulkDeleted",
      options: { count: records.length },
      type: "success",
    },
    redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
  };
};
