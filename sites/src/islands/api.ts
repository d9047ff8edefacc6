import { useBrowserStore } from "./browser-store.ts";

/**
 * The store site's client for `/api/v1` on its own host: JSON in and out,
 * the shopper's session sent as a Bearer token and refreshed when it runs
 * out, and errors as ApiError carrying the server's Persian message and the
 * field to blame. The refresh token never reaches page scripts: the server
 * keeps it in an httpOnly cookie of this host that only /api/v1/auth sees;
 * this browser keeps the short-lived access token (good at this store only)
 * and the phone, per store.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface Session {
  accessToken: string;
  /** ms since epoch when the access token stops working. */
  accessExpiresAt: number;
  phone: string;
}

const SESSION_EVENT = "mall:session";
const sessionKey = (storeSlug: string) => `mall:session:${storeSlug}`;
const OFFLINE = "ارتباط با فروشگاه برقرار نشد؛ اتصال اینترنت را بررسی کنید و دوباره تلاش کنید.";

export function readSession(storeSlug: string): Session | null {
  try {
    const raw = localStorage.getItem(sessionKey(storeSlug));
    if (!raw) return null;
    const stored = JSON.parse(raw) as Session & { refreshToken?: unknown };
    if ("refreshToken" in stored) {
      // Kept here by an older version of this site: forgotten; the next refresh goes by the cookie (or asks to sign in).
      const { refreshToken: _forgotten, ...session } = stored;
      localStorage.setItem(sessionKey(storeSlug), JSON.stringify(session));
      return session;
    }
    return stored;
  } catch {
    return null;
  }
}

const cache = new Map<string, { raw: string | null; session: Session | null }>();
function cachedSession(storeSlug: string): Session | null {
  const raw = localStorage.getItem(sessionKey(storeSlug));
  const hit = cache.get(storeSlug);
  if (hit && hit.raw === raw) return hit.session;
  const session = readSession(storeSlug);
  cache.set(storeSlug, { raw, session });
  return session;
}

export function saveSession(storeSlug: string, tokens: { accessToken: string; expiresIn: number; user: { phone: string } }): void {
  const session: Session = {
    accessToken: tokens.accessToken,
    accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
    phone: tokens.user.phone,
  };
  localStorage.setItem(sessionKey(storeSlug), JSON.stringify(session));
  window.dispatchEvent(new Event(SESSION_EVENT));
}

export function clearSession(storeSlug: string): void {
  localStorage.removeItem(sessionKey(storeSlug));
  window.dispatchEvent(new Event(SESSION_EVENT));
}

/** Calls `onChange` when the shopper signs in or out (in any tab); answers the unsubscribe. */
export function onSessionChange(onChange: () => void): () => void {
  window.addEventListener(SESSION_EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(SESSION_EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** The shopper's session at this store, re-rendering when they sign in or out (in any tab). */
export function useSession(storeSlug: string): Session | null {
  return useBrowserStore(onSessionChange, () => cachedSession(storeSlug), null);
}

async function send(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(`/api/v1${path}`, {
      method,
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, "offline", OFFLINE);
  }
}

async function parse<T>(response: Response): Promise<T> {
  const data = (await response.json().catch(() => null)) as { error?: { code: string; message: string; field?: string } } | null;
  if (!response.ok) {
    const error = data?.error;
    throw new ApiError(response.status, error?.code ?? "error", error?.message ?? "خطایی رخ داد؛ لطفاً دوباره تلاش کنید.", error?.field);
  }
  return data as T;
}

/** Calls the API without a session (catalog, cart check, sign-in). */
export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  return parse<T>(await send(method, path, body, headers));
}

/** One refresh at a time per store: two islands refreshing at once would spend the same refresh token (the cookie's) twice. */
const refreshing = new Map<string, Promise<Session | null>>();

async function refresh(storeSlug: string): Promise<Session | null> {
  let pending = refreshing.get(storeSlug);
  if (!pending) {
    pending = (async () => {
      try {
        // No token in the body: the server reads the httpOnly cookie and sets the next one there.
        const tokens = await api<{ accessToken: string; expiresIn: number; user: { phone: string } }>("POST", "/auth/refresh-token", {});
        saveSession(storeSlug, tokens);
        return readSession(storeSlug);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) clearSession(storeSlug);
        if (error instanceof ApiError && error.status === 0) throw error;
        return null;
      } finally {
        refreshing.delete(storeSlug);
      }
    })();
    refreshing.set(storeSlug, pending);
  }
  return pending;
}

/**
 * Calls the API as the signed-in shopper: refreshes the access token shortly
 * before it runs out, and once more if the server says it has. Without a
 * session (or when it can no longer be refreshed) throws a 401 ApiError.
 */
export async function authedApi<T>(
  storeSlug: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let session = readSession(storeSlug);
  if (!session) throw new ApiError(401, "unauthorized", "لطفاً ابتدا وارد حساب کاربری خود شوید.");
  if (session.accessExpiresAt - Date.now() < 15_000) session = await refresh(storeSlug);
  if (!session) throw new ApiError(401, "unauthorized", "نشست شما به پایان رسیده است؛ لطفاً دوباره وارد شوید.");
  let response = await send(method, path, body, { ...headers, authorization: `Bearer ${session.accessToken}` });
  if (response.status === 401) {
    const renewed = await refresh(storeSlug);
    if (!renewed) throw new ApiError(401, "unauthorized", "نشست شما به پایان رسیده است؛ لطفاً دوباره وارد شوید.");
    response = await send(method, path, body, { ...headers, authorization: `Bearer ${renewed.accessToken}` });
  }
  return parse<T>(response);
}

/** Signs out here and on the server (the cookie's refresh token stops working and the cookie is cleared). */
export async function signOut(storeSlug: string): Promise<void> {
  clearSession(storeSlug);
  await api("POST", "/auth/logout", {}).catch(() => {});
}
