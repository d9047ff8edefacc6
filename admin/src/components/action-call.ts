import { ApiClient } from "adminjs";

export interface Notice {
  message: string;
  type?: "success" | "error" | "info";
  options?: Record<string, unknown>;
}

export interface ActionAnswer {
  notice?: Notice;
  redirectUrl?: string;
  record?: { errors?: Record<string, { message: string }> };
  errors?: Record<string, { message: string }>;
  [key: string]: unknown;
}

/** What AdminJS's response handler takes (an axios response). */
export interface ActionCall {
  data: ActionAnswer;
}

const api = new ApiClient();

/** A record action's data (GET), or its effect (POST with `data`). */
export async function recordAction(
  resourceId: string,
  recordId: string,
  actionName: string,
  data?: Record<string, unknown>,
): Promise<ActionCall> {
  const response = await api.recordAction({ resourceId, recordId, actionName, ...(data ? { data, method: "post" } : {}) });
  return { data: response.data as unknown as ActionAnswer };
}

export async function bulkAction(
  resourceId: string,
  recordIds: string[],
  actionName: string,
  data: Record<string, unknown>,
): Promise<ActionCall> {
  const response = await api.bulkAction({ resourceId, recordIds, actionName, data, method: "post" });
  return { data: response.data as unknown as ActionAnswer };
}
