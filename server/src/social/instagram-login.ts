import type { Config } from "../config/config.js";
import { InstagramGraphError } from "./instagram-graph.js";

/**
 * "Instagram API with Instagram Login" (PROTOCOLS.md §8), the calls that
 * connect an account and keep its token alive:
 *
 * 1. the authorize page, `GET {INSTAGRAM_OAUTH_URL}/oauth/authorize` with
 *    client_id, the exact registered redirect_uri, response_type=code, the
 *    two publishing scopes and our `state`;
 * 2. the code exchange, `POST {INSTAGRAM_OAUTH_URL}/oauth/access_token`
 *    (form: client_id, client_secret, grant_type=authorization_code,
 *    redirect_uri, code) → a short-lived token (about an hour) and the user id;
 * 3. short → long-lived, `GET {INSTAGRAM_API_URL}/access_token?grant_type=ig_exchange_token`
 *    → `{ access_token, token_type, expires_in }` (about 60 days);
 * 4. refresh, `GET {INSTAGRAM_API_URL}/refresh_access_token?grant_type=ig_refresh_token`
 *    → the same shape; only a token at least 24 hours old and not yet expired.
 *
 * Unverified (marked [?] in PROTOCOLS.md): the wrapping of the code
 * exchange's answer (a flat object or `{ data: [{…}] }`: both are read), and
 * the shape of the OAuth endpoints' errors, which is not captured there:
 * both Graph's `{ error: { message, code, … } }` and the older Instagram
 * `{ error_type, code, error_message }` are read.
 */

/** The scopes publishing needs with Instagram Login (the old `business_*` names stopped working on 27 Jan 2025). */
export const INSTAGRAM_LOGIN_SCOPES = ["instagram_business_basic", "instagram_business_content_publish"] as const;

export interface InstagramToken {
  accessToken: string;
  /** Seconds the token lives from now. */
  expiresIn: number;
}

export interface InstagramLoginApi {
  authorizeUrl(state: string): string;
  exchangeCode(code: string): Promise<{ accessToken: string; userId: string; permissions: string[] | null }>;
  longLivedToken(shortLivedToken: string): Promise<InstagramToken>;
  refreshToken(longLivedToken: string): Promise<InstagramToken>;
}

export type InstagramLoginConfig = Pick<
  Config,
  "INSTAGRAM_APP_ID" | "INSTAGRAM_APP_SECRET" | "INSTAGRAM_OAUTH_URL" | "INSTAGRAM_API_URL" | "INSTAGRAM_REDIRECT_URI"
>;

/** The Graph version publishing calls use on Instagram Login's host (INSTAGRAM_GRAPH_URL names its own). */
export const INSTAGRAM_API_VERSION = "v21.0";

/** Instagram Login's Graph base URL for publishing (instagram-graph.ts's client takes it). */
export function instagramLoginGraphUrl(config: Pick<Config, "INSTAGRAM_API_URL">): string {
  return `${config.INSTAGRAM_API_URL.replace(/\/+$/, "")}/${INSTAGRAM_API_VERSION}`;
}

/** Null when the platform has no Instagram app configured (INSTAGRAM_APP_ID and INSTAGRAM_APP_SECRET). */
export function createInstagramLogin(config: InstagramLoginConfig, options: { timeoutMs?: number } = {}): InstagramLoginApi | null {
  if (!config.INSTAGRAM_APP_ID || !config.INSTAGRAM_APP_SECRET) return null;
  return new InstagramLoginClient({
    appId: config.INSTAGRAM_APP_ID,
    appSecret: config.INSTAGRAM_APP_SECRET,
    oauthUrl: config.INSTAGRAM_OAUTH_URL,
    apiUrl: config.INSTAGRAM_API_URL,
    redirectUri: config.INSTAGRAM_REDIRECT_URI,
    timeoutMs: options.timeoutMs ?? 20_000,
  });
}

export class InstagramLoginClient implements InstagramLoginApi {
  private readonly oauthUrl: string;
  private readonly apiUrl: string;

  constructor(
    private readonly options: {
      appId: string;
      appSecret: string;
      oauthUrl: string;
      apiUrl: string;
      redirectUri: string;
      timeoutMs: number;
    },
  ) {
    this.oauthUrl = options.oauthUrl.replace(/\/+$/, "");
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
  }

  authorizeUrl(state: string): string {
    const query = new URLSearchParams({
      client_id: this.options.appId,
      redirect_uri: this.options.redirectUri,
      response_type: "code",
      scope: INSTAGRAM_LOGIN_SCOPES.join(","),
      state,
    });
    return `${this.oauthUrl}/oauth/authorize?${query}`;
  }

  async exchangeCode(code: string) {
    const body = await this.call("POST", `${this.oauthUrl}/oauth/access_token`, "/oauth/access_token", {
      client_id: this.options.appId,
      client_secret: this.options.appSecret,
      grant_type: "authorization_code",
      redirect_uri: this.options.redirectUri,
      code,
    });
    // A flat object or `{ data: [{…}] }` (PROTOCOLS.md §8 [?]).
    const answer = Array.isArray(body.data) ? ((body.data[0] ?? {}) as Record<string, unknown>) : body;
    const accessToken = answer.access_token;
    const userId = answer.user_id;
    if (typeof accessToken !== "string" || !accessToken || (typeof userId !== "string" && typeof userId !== "number")) {
      throw new InstagramGraphError("/oauth/access_token", 502, null, null, "the answer holds no access_token and user_id");
    }
    // The granted scopes, when the answer lists them (a string "a,b" or an array; not in PROTOCOLS.md: unverified).
    const granted = answer.permissions;
    const permissions =
      typeof granted === "string" ? granted.split(",").map((scope) => scope.trim()) : Array.isArray(granted) ? granted.map(String) : null;
    return { accessToken, userId: String(userId), permissions };
  }

  longLivedToken(shortLivedToken: string) {
    return this.token("/access_token", {
      grant_type: "ig_exchange_token",
      client_secret: this.options.appSecret,
      access_token: shortLivedToken,
    });
  }

  refreshToken(longLivedToken: string) {
    return this.token("/refresh_access_token", { grant_type: "ig_refresh_token", access_token: longLivedToken });
  }

  private async token(path: string, params: Record<string, string>): Promise<InstagramToken> {
    const body = await this.call("GET", `${this.apiUrl}${path}`, path, params);
    const expiresIn = Number(body.expires_in);
    if (typeof body.access_token !== "string" || !body.access_token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new InstagramGraphError(path, 502, null, null, "the answer holds no access_token and expires_in");
    }
    return { accessToken: body.access_token, expiresIn };
  }

  private async call(method: "GET" | "POST", url: string, path: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const form = new URLSearchParams(params);
    let response: Response;
    try {
      response = await fetch(method === "GET" ? `${url}?${form}` : url, {
        method,
        headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
        ...(method === "POST" ? { body: form.toString() } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new InstagramGraphError(path, 0, null, null, error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new InstagramGraphError(path, response.status || 502, null, null, `not JSON: ${text.slice(0, 100)}`);
    }
    const graph = body.error as { message?: string; code?: number; error_subcode?: number; is_transient?: boolean } | undefined;
    if (graph && typeof graph === "object") {
      throw new InstagramGraphError(
        path,
        response.status,
        graph.code ?? null,
        graph.error_subcode ?? null,
        graph.message ?? "error",
        graph.is_transient === true,
      );
    }
    if (!response.ok || typeof body.error_message === "string") {
      // The older Instagram shape: `code` is the HTTP status there, not a Graph code.
      throw new InstagramGraphError(path, response.status, null, null, String(body.error_message ?? body.error_type ?? "error"));
    }
    return body;
  }
}
