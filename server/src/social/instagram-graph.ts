/**
 * The Instagram Graph API calls content publishing needs (PROTOCOLS.md §8):
 * read the account, create a media container from an image URL and a
 * caption, read the container's status, publish it. Plain HTTPS with the
 * access token as a parameter; errors come back as Graph's
 * `{ error: { message, type, code, error_subcode, is_transient } }`.
 */

export type ContainerStatus = "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";

/** Codes Graph documents as "try again later": unknown/temporary, rate limits, the daily publishing cap, a container not ready yet. */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 9007]);
const RATE_LIMIT_SUBCODES = new Set([2207042]);

export class InstagramGraphError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    readonly code: number | null,
    readonly subcode: number | null,
    readonly graphMessage: string,
    readonly isTransientFlag = false,
  ) {
    super(`Instagram ${path}: ${status}${code !== null ? ` code ${code}` : ""}${subcode !== null ? `/${subcode}` : ""} ${graphMessage}`);
    this.name = "InstagramGraphError";
  }

  /** Worth another try later: network trouble, Graph's 5xx, rate limits, a container still processing. */
  get transient(): boolean {
    return (
      this.status === 0 ||
      this.status >= 500 ||
      this.isTransientFlag ||
      (this.code !== null && TRANSIENT_CODES.has(this.code)) ||
      (this.subcode !== null && RATE_LIMIT_SUBCODES.has(this.subcode))
    );
  }

  /** The token is invalid, expired or lacks the publishing permission: the account must be connected again. */
  get accountLost(): boolean {
    return this.code === 190 || this.code === 10 || (this.code !== null && this.code >= 200 && this.code < 300);
  }
}

export interface InstagramGraphApi {
  account(igUserId: string, accessToken: string): Promise<{ id: string; username?: string }>;
  createContainer(igUserId: string, accessToken: string, input: { imageUrl: string; caption: string }): Promise<string>;
  containerStatus(containerId: string, accessToken: string): Promise<{ status: ContainerStatus; detail?: string }>;
  publish(igUserId: string, accessToken: string, containerId: string): Promise<string>;
}

export class InstagramGraphClient implements InstagramGraphApi {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: { baseUrl: string; timeoutMs?: number }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async account(igUserId: string, accessToken: string) {
    const body = await this.request("GET", `/${encodeURIComponent(igUserId)}`, { fields: "id,username", access_token: accessToken });
    return { id: String(body.id), ...(typeof body.username === "string" ? { username: body.username } : {}) };
  }

  async createContainer(igUserId: string, accessToken: string, input: { imageUrl: string; caption: string }) {
    const body = await this.request("POST", `/${encodeURIComponent(igUserId)}/media`, {
      image_url: input.imageUrl,
      caption: input.caption,
      access_token: accessToken,
    });
    return String(body.id);
  }

  async containerStatus(containerId: string, accessToken: string) {
    const body = await this.request("GET", `/${encodeURIComponent(containerId)}`, {
      fields: "status_code,status",
      access_token: accessToken,
    });
    return { status: String(body.status_code) as ContainerStatus, ...(typeof body.status === "string" ? { detail: body.status } : {}) };
  }

  async publish(igUserId: string, accessToken: string, containerId: string) {
    const body = await this.request("POST", `/${encodeURIComponent(igUserId)}/media_publish`, {
      creation_id: containerId,
      access_token: accessToken,
    });
    return String(body.id);
  }

  private async request(method: "GET" | "POST", path: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const form = new URLSearchParams(params);
    const url = method === "GET" ? `${this.baseUrl}${path}?${form}` : `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
        ...(method === "POST" ? { body: form.toString() } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new InstagramGraphError(path, 0, null, null, error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new InstagramGraphError(path, response.status || 502, null, null, `not JSON: ${text.slice(0, 100)}`);
    }
    const error = body.error as { message?: string; code?: number; error_subcode?: number; is_transient?: boolean } | undefined;
    if (!response.ok || error) {
      throw new InstagramGraphError(
        path,
        response.status,
        error?.code ?? null,
        error?.error_subcode ?? null,
        error?.message ?? "error",
        error?.is_transient === true,
      );
    }
    return body;
  }
}
