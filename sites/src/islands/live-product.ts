/** Live price and stock of a product's instances, from the public API the islands share. */
export interface LiveInstance {
  id: string;
  price: number;
  stock: number;
}

/** Reads `/api/v1/products/{id}` on the store's own host; null when the API can't be reached. */
export async function fetchLiveInstances(productId: string, signal?: AbortSignal): Promise<Map<string, LiveInstance> | null> {
  try {
    const response = await fetch(`/api/v1/products/${encodeURIComponent(productId)}`, { signal, headers: { accept: "application/json" } });
    if (!response.ok) return null;
    const body = (await response.json()) as { instances?: Array<{ id: string; effectivePrice: number; stock: number }> };
    return new Map((body.instances ?? []).map((i) => [i.id, { id: i.id, price: i.effectivePrice, stock: i.stock }]));
  } catch {
    return null;
  }
}

/** Counts a visit of a product page (the server keeps the count in Redis and flushes it every minute). */
export function countView(productId: string): void {
  void fetch(`/api/v1/products/${encodeURIComponent(productId)}/view`, { method: "POST", keepalive: true }).catch(() => {});
}
