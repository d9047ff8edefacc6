import { api, authedApi } from "./api.ts";

/** What the payment routes answer (server/src/payments/payments.routes.ts). */
export interface GatewayOption {
  gateway: string;
  label: string;
}

export interface PaymentResult {
  id: string;
  orderId: string;
  gateway: string;
  state: "created" | "redirected" | "verifying" | "paid" | "failed" | "reversed";
  amount: number;
  reference: string | null;
  failureMessage: string | null;
}

interface Redirect {
  paymentId: string;
  redirect: { url: string; method: "GET" | "POST"; fields: Record<string, string> };
}

export async function storeGateways(): Promise<GatewayOption[]> {
  return (await api<{ items: GatewayOption[] }>("GET", "/payment-gateways")).items;
}

/**
 * Starts paying the order and sends the browser to the gateway: a plain
 * navigation for a GET without fields (ZarinPal's StartPay, the sandbox),
 * else a submitted form, because some banks (Mellat) must be reached by POST
 * with their token; the site's CSP lists those banks' hosts in form-action
 * (server/src/sites/site-csp.ts).
 */
export async function payOrder(storeSlug: string, orderId: string, gateway: string): Promise<void> {
  const { redirect } = await authedApi<Redirect>(storeSlug, "POST", `/orders/${encodeURIComponent(orderId)}/payments`, { gateway });
  if (redirect.method === "GET" && Object.keys(redirect.fields).length === 0) {
    window.location.assign(redirect.url);
    return;
  }
  const form = document.createElement("form");
  form.method = redirect.method;
  form.action = redirect.url;
  for (const [name, value] of Object.entries(redirect.fields)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}
