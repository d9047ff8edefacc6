import { randomBytes } from "node:crypto";
import { FakeHttpServer, type FakeAnswer, type RecordedRequest } from "./http-fake.js";

/**
 * A local Instagram Graph API for content publishing, and Instagram Login's
 * OAuth flow (authorize page, code exchange, long-lived tokens and their
 * refresh: see oauth() and longLived() below), PROTOCOLS.md §8:
 * `GET /{ig-user-id}` (fields=id,username), `POST /{ig-user-id}/media`
 * (image_url + caption → container id), `GET /{container-id}?fields=status_code`
 * (IN_PROGRESS → FINISHED, or ERROR), `POST /{ig-user-id}/media_publish`
 * (creation_id → media id), `GET /{ig-user-id}/content_publishing_limit`.
 * An optional version prefix (`/v21.0`) is accepted. Parameters come in the
 * query string or a urlencoded body; errors are Graph's `{ error: { message,
 * type, code, error_subcode, fbtrace_id } }` with HTTP 400 (or 500).
 *
 * With `fetchImages`, a container downloads its image_url as Meta does and
 * ends in ERROR unless it gets a JPEG.
 *
 * Refused as Instagram refuses them: a caption over 2,200 characters or with
 * more than 30 hashtags (Meta's IG User Media reference: "Maximum 2200
 * characters, 30 hashtags, and 20 @ tags"), and a publish past the account's
 * cap of posts in the last 24 hours, a rolling window (PROTOCOLS.md §8): a
 * post published a day ago no longer counts. `now` is the fake's clock, for
 * tests that move time on.
 */

export interface GraphFailure {
  httpStatus?: number;
  code: number;
  subcode?: number;
  message: string;
  transient?: boolean;
}

interface Container {
  id: string;
  igUserId: string;
  imageUrl: string;
  caption: string;
  status: "IN_PROGRESS" | "FINISHED" | "ERROR" | "EXPIRED" | "PUBLISHED";
  detail?: string;
  /** Status reads left that answer IN_PROGRESS. */
  pollsLeft: number;
  fetching?: Promise<void>;
}

export interface PublishedMedia {
  id: string;
  igUserId: string;
  containerId: string;
  caption: string;
  imageUrl: string;
  /** Epoch milliseconds on the fake's clock. */
  publishedAt: number;
}

/** Instagram's caption limits (IG User Media reference). */
export const INSTAGRAM_MAX_HASHTAGS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The platform's Meta app as registered with Instagram: its id, secret and the one redirect URI it may use. */
export interface FakeInstagramApp {
  id: string;
  secret: string;
  redirectUri: string;
}

interface IssuedCode {
  igUserId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface IssuedToken {
  igUserId: string;
  kind: "short" | "long";
  /** Epoch milliseconds on the fake's clock. */
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

const HOUR_MS = 60 * 60 * 1000;
/** About an hour, and about 60 days (PROTOCOLS.md §8); what the fake answers in expires_in. */
const SHORT_TOKEN_MS = HOUR_MS;
const LONG_TOKEN_SECONDS = 60 * 24 * 3600;
/** How long an authorization code may be exchanged (not in PROTOCOLS.md; Meta's guide says codes are short-lived and single-use). */
const CODE_MS = 10 * 60 * 1000;
const REQUIRED_SCOPES = ["instagram_business_basic", "instagram_business_content_publish"];
const KNOWN_SCOPES = new Set([...REQUIRED_SCOPES, "instagram_business_manage_messages", "instagram_business_manage_comments"]);

export class InstagramGraphFake extends FakeHttpServer {
  readonly accounts = new Map<string, { token: string; username: string }>();
  /** The app the OAuth endpoints accept (Instagram API with Instagram Login); tests set its redirectUri to the platform's. */
  readonly app: FakeInstagramApp = { id: "990011223344556", secret: "fakeInstagramAppSecret0123456789", redirectUri: "" };
  /** Who is signed in to Instagram in the browser: the authorize page asks them, and a code is for them. */
  signedIn: string | null = null;
  /** Answer the code exchange as `{ data: [{…}] }` instead of a flat object (PROTOCOLS.md §8: sources differ). */
  wrapCodeAnswer = false;
  readonly codes = new Map<string, IssuedCode>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly containers = new Map<string, Container>();
  readonly published: PublishedMedia[] = [];
  /** Status reads a new container answers IN_PROGRESS before FINISHED. */
  processingPolls = 0;
  publishLimit = 50;
  /** The fake's clock (epoch milliseconds): the publishing cap counts posts in the 24 hours before it. */
  now: () => number = () => Date.now();
  private readonly graphFailures: Array<{ failure: GraphFailure; path?: RegExp }> = [];
  private readonly containerErrors: string[] = [];
  private nextId = 17_900_000_000_000_000;

  constructor(private readonly options: { fetchImages?: boolean } = {}) {
    super();
  }

  addAccount(igUserId: string, token: string, username = "mall_shop"): void {
    this.accounts.set(igUserId, { token, username });
  }

  /** A professional account that connects through Instagram Login (no token of its own until a code is exchanged); signed in on the authorize page. */
  addLoginAccount(igUserId: string, username: string): void {
    this.accounts.set(igUserId, { token: "", username });
    this.signedIn = igUserId;
  }

  /** The person withdrew the app's access in Instagram's settings: every token of theirs stops working. */
  revokeAccess(igUserId: string): void {
    for (const token of this.tokens.values()) if (token.igUserId === igUserId) token.revoked = true;
  }

  /** The long-lived token the account holds now (the newest issued). */
  currentToken(igUserId: string): string | undefined {
    return [...this.tokens.entries()].filter(([, token]) => token.igUserId === igUserId && token.kind === "long").at(-1)?.[0];
  }

  /** Whether a token may call Graph for the account now: its pasted one, or one issued through login and neither expired nor revoked. */
  private tokenWorks(igUserId: string, token: string | undefined): boolean {
    if (!token) return false;
    if (this.accounts.get(igUserId)?.token === token) return true;
    const issued = this.tokens.get(token);
    return issued !== undefined && issued.igUserId === igUserId && !issued.revoked && issued.expiresAt > this.now();
  }

  private issueToken(igUserId: string, kind: IssuedToken["kind"], lifetimeMs: number): string {
    const token = `IG${kind === "short" ? "S" : "L"}${randomBytes(24).toString("base64url")}`;
    const now = this.now();
    this.tokens.set(token, { igUserId, kind, issuedAt: now, expiresAt: now + lifetimeMs, revoked: false });
    return token;
  }

  /** Answers the next `count` calls (whose path matches, when given) with a Graph error. */
  failNextGraph(count: number, failure: GraphFailure, path?: RegExp): void {
    for (let i = 0; i < count; i++) this.graphFailures.push({ failure, path });
  }

  override reset(): void {
    super.reset();
    this.graphFailures.length = 0;
    this.containerErrors.length = 0;
  }

  /** The next container made ends in ERROR with this detail, as one whose image Instagram refuses. */
  failNextContainer(detail = "Error: the image's aspect ratio is not supported"): void {
    this.containerErrors.push(detail);
  }

  /** Waits for containers still downloading their image. */
  async settle(): Promise<void> {
    await Promise.all([...this.containers.values()].map((container) => container.fetching));
  }

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): FakeAnswer {
    const url = new URL(request.path, "http://fake");
    const params: Record<string, string> = {
      ...Object.fromEntries(url.searchParams),
      ...((request.body as Record<string, string> | undefined) ?? {}),
    };
    const path = url.pathname.replace(/^\/v\d+\.\d+/, "");
    const error = (httpStatus: number, code: number, message: string, subcode?: number, type = "OAuthException", transient = false) => ({
      status: httpStatus,
      body: {
        error: {
          message,
          type,
          code,
          ...(subcode !== undefined ? { error_subcode: subcode } : {}),
          ...(transient ? { is_transient: true } : {}),
          fbtrace_id: "AfakeTrace",
        },
      },
    });
    if (failure) return error(400, failure.status, failure.message ?? "error");
    const index = this.graphFailures.findIndex((entry) => !entry.path || entry.path.test(path));
    if (path.startsWith("/oauth/")) return this.oauth(request.method, path, params);
    if (index >= 0) {
      const { failure: f } = this.graphFailures.splice(index, 1)[0]!;
      return error(f.httpStatus ?? 400, f.code, f.message, f.subcode, "OAuthException", f.transient ?? false);
    }

    if (path === "/access_token" || path === "/refresh_access_token") return this.longLived(path, params, error);

    const segments = path.split("/").filter(Boolean);
    const token = params.access_token;
    const unsupported = (id: string) =>
      error(
        400,
        100,
        `Unsupported ${request.method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        33,
        "GraphMethodException",
      );
    const [id, edge] = segments as [string | undefined, string | undefined];
    if (!id || segments.length > 2) return error(400, 2500, "Unknown path components", undefined, "OAuthException");

    const container = this.containers.get(id);
    if (container && !edge && request.method === "GET") {
      if (!this.tokenWorks(container.igUserId, token)) return error(400, 190, "Invalid OAuth access token - Cannot parse access token");
      if (container.status === "IN_PROGRESS" && container.pollsLeft > 0) container.pollsLeft--;
      else if (container.status === "IN_PROGRESS" && !container.fetching) container.status = "FINISHED";
      return {
        status: 200,
        body: { status_code: container.status, ...(container.detail ? { status: container.detail } : {}), id: container.id },
      };
    }

    const account = this.accounts.get(id);
    if (!account) return unsupported(id);
    if (!this.tokenWorks(id, token)) return error(400, 190, "Invalid OAuth access token - Cannot parse access token");

    if (!edge && request.method === "GET") return { status: 200, body: { id, username: account.username } };
    if (edge === "content_publishing_limit" && request.method === "GET") {
      return {
        status: 200,
        body: { data: [{ quota_usage: this.publishedInLastDay(id), config: { quota_total: this.publishLimit, quota_duration: 86400 } }] },
      };
    }
    if (edge === "media" && request.method === "POST") {
      if (!params.image_url) return error(400, 100, "The parameter image_url is required.", undefined, "OAuthException");
      if (!/^https?:\/\//.test(params.image_url)) return error(400, 9004, "Only photo or video can be accepted as media type.", 2207052);
      if ((params.caption ?? "").length > 2200) return error(400, 100, "The caption is too long.", 2207035);
      if (hashtagsIn(params.caption ?? "") > INSTAGRAM_MAX_HASHTAGS)
        return error(400, 100, `The caption has more than ${INSTAGRAM_MAX_HASHTAGS} hashtags.`);
      const created: Container = {
        id: String(this.nextId++),
        igUserId: id,
        imageUrl: params.image_url,
        caption: params.caption ?? "",
        status: "IN_PROGRESS",
        pollsLeft: this.processingPolls,
      };
      const refusal = this.containerErrors.shift();
      if (refusal) Object.assign(created, { status: "ERROR", detail: refusal });
      else if (this.options.fetchImages) created.fetching = this.download(created);
      this.containers.set(created.id, created);
      return { status: 200, body: { id: created.id } };
    }
    if (edge === "media_publish" && request.method === "POST") {
      const target = this.containers.get(params.creation_id ?? "");
      if (!target || target.igUserId !== id) return unsupported(params.creation_id ?? "");
      if (target.status === "PUBLISHED") return error(400, 100, "The media has already been published.", 2207006);
      if (target.status !== "FINISHED") return error(400, 9007, "Media ID is not available", 2207027);
      if (this.publishedInLastDay(id) >= this.publishLimit) return error(400, 9, "Application request limit reached", 2207042);
      target.status = "PUBLISHED";
      const media: PublishedMedia = {
        id: String(this.nextId++),
        igUserId: id,
        containerId: target.id,
        caption: target.caption,
        imageUrl: target.imageUrl,
        publishedAt: this.now(),
      };
      this.published.push(media);
      return { status: 200, body: { id: media.id } };
    }
    return unsupported(id);
  }

  /**
   * Instagram Login's OAuth side (PROTOCOLS.md §8): the authorize page (a
   * page with «Allow» and «Cancel» for the signed-in person; the app id,
   * the exact redirect URI, response_type=code and the scopes checked as
   * Instagram checks them), the page's answer (a redirect back with `code`
   * and `state`, or with `error=access_denied`, `error_reason=user_denied`,
   * `error_description` and `state` on «Cancel»: the error names follow
   * OAuth 2.0 and Instagram's older login, PROTOCOLS.md does not capture
   * them), and the code exchange (app secret, the same redirect URI, a code
   * used once and within its minutes). Its errors take Instagram's older
   * OAuth shape `{ error_type, code, error_message }` (not captured in
   * PROTOCOLS.md either; the client reads both shapes).
   */
  private oauth(method: string, path: string, params: Record<string, string>): FakeAnswer {
    const page = (status: number, title: string, body = "") => ({
      status,
      html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`,
    });
    const oauthError = (message: string, type = "OAuthException") => ({
      status: 400,
      body: { error_type: type, code: 400, error_message: message },
    });
    if (path === "/oauth/authorize" && method === "GET") {
      if (params.client_id !== this.app.id) return page(400, "Invalid Request: Request parameters are invalid: Invalid platform app");
      if (!params.redirect_uri || params.redirect_uri !== this.app.redirectUri)
        return page(400, "Invalid Request: Request parameters are invalid: Invalid redirect_uri");
      if (params.response_type !== "code") return page(400, "Invalid Request: Request parameters are invalid: response_type must be code");
      const scopes = (params.scope ?? "").split(/[,\s]+/).filter(Boolean);
      const unknown = scopes.filter((scope) => !KNOWN_SCOPES.has(scope));
      if (scopes.length === 0 || unknown.length > 0) return page(400, `Invalid Scopes: ${unknown.join(", ") || "(none)"}`);
      const person = this.signedIn ? this.accounts.get(this.signedIn) : undefined;
      if (!this.signedIn || !person) return page(200, "Log in to Instagram", "<p>Nobody is signed in.</p>");
      const hidden = ["redirect_uri", "state", "scope"]
        .map((name) => `<input type="hidden" name="${name}" value="${escapeAttribute(params[name] ?? "")}">`)
        .join("");
      return page(
        200,
        "Allow access to your Instagram account?",
        `<p data-testid="instagram-account">@${escapeAttribute(person.username)}</p><p>The app will be able to: ${scopes.join(", ")}</p>` +
          `<form method="post" action="/oauth/authorize/decision">${hidden}<button name="decision" value="allow" data-testid="instagram-allow">Allow</button>` +
          `<button name="decision" value="cancel" data-testid="instagram-cancel">Cancel</button></form>`,
      );
    }
    if (path === "/oauth/authorize/decision" && method === "POST") {
      if (params.redirect_uri !== this.app.redirectUri || !this.signedIn) return page(400, "Invalid Request");
      const back = new URL(params.redirect_uri);
      if (params.decision === "allow") {
        const code = randomBytes(24).toString("base64url");
        this.codes.set(code, {
          igUserId: this.signedIn,
          redirectUri: params.redirect_uri,
          scopes: (params.scope ?? "").split(",").filter(Boolean),
          expiresAt: this.now() + CODE_MS,
          used: false,
        });
        back.searchParams.set("code", code);
      } else {
        back.searchParams.set("error", "access_denied");
        back.searchParams.set("error_reason", "user_denied");
        back.searchParams.set("error_description", "The user denied your request.");
      }
      if (params.state) back.searchParams.set("state", params.state);
      return { status: 302, html: "", headers: { Location: back.toString() } };
    }
    if (path === "/oauth/access_token" && method === "POST") {
      if (params.client_id !== this.app.id) return oauthError("Invalid platform app");
      if (params.client_secret !== this.app.secret) return oauthError("Error validating client secret.");
      if (params.grant_type !== "authorization_code") return oauthError("Unsupported grant_type");
      const issued = this.codes.get(params.code ?? "");
      if (!issued || issued.expiresAt <= this.now()) return oauthError("Invalid authorization code");
      if (issued.used) return oauthError("This authorization code has been used");
      if (params.redirect_uri !== issued.redirectUri)
        return oauthError(
          "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        );
      issued.used = true;
      const answer = {
        access_token: this.issueToken(issued.igUserId, "short", SHORT_TOKEN_MS),
        user_id: issued.igUserId,
        permissions: issued.scopes.join(","),
      };
      return { status: 200, body: this.wrapCodeAnswer ? { data: [answer] } : answer };
    }
    return page(404, "Sorry, this page isn't available.");
  }

  /**
   * `GET /access_token?grant_type=ig_exchange_token&client_secret&access_token` (a short-lived token → one of
   * about 60 days) and `GET /refresh_access_token?grant_type=ig_refresh_token&access_token` (a long-lived token
   * at least 24 hours old and not expired → a new one valid 60 days from now). Errors in Graph's shape.
   */
  private longLived(
    path: string,
    params: Record<string, string>,
    error: (httpStatus: number, code: number, message: string, subcode?: number) => FakeAnswer,
  ): FakeAnswer {
    const issued = this.tokens.get(params.access_token ?? "");
    const invalid = () => error(400, 190, "Invalid OAuth access token - Cannot parse access token");
    if (!issued || issued.revoked) return invalid();
    if (issued.expiresAt <= this.now()) return error(400, 190, "Error validating access token: Session has expired", 463);
    if (path === "/access_token") {
      if (params.grant_type !== "ig_exchange_token") return error(400, 100, "Unsupported grant_type");
      if (params.client_secret !== this.app.secret) return error(400, 101, "Error validating client secret.");
      if (issued.kind !== "short") return error(400, 100, "The access token is already long-lived");
    } else {
      if (params.grant_type !== "ig_refresh_token") return error(400, 100, "Unsupported grant_type");
      if (issued.kind !== "long") return invalid();
      if (this.now() - issued.issuedAt < 24 * HOUR_MS) return error(400, 100, "The access token is too new to be refreshed");
    }
    const token = this.issueToken(issued.igUserId, "long", LONG_TOKEN_SECONDS * 1000);
    return { status: 200, body: { access_token: token, token_type: "bearer", expires_in: LONG_TOKEN_SECONDS } };
  }

  /** Posts the account published in the rolling 24 hours before now. */
  private publishedInLastDay(igUserId: string): number {
    const since = this.now() - DAY_MS;
    return this.published.filter((media) => media.igUserId === igUserId && media.publishedAt > since).length;
  }

  private async download(container: Container): Promise<void> {
    try {
      const response = await fetch(container.imageUrl);
      const bytes = Buffer.from(await response.arrayBuffer());
      const jpeg = response.ok && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
      if (!jpeg) Object.assign(container, { status: "ERROR", detail: `Error: media download or format failure (HTTP ${response.status})` });
    } catch {
      Object.assign(container, { status: "ERROR", detail: "Error: media could not be downloaded" });
    } finally {
      container.fetching = undefined;
    }
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Hashtags as Instagram counts them: `#` followed by letters, digits or underscores (Persian letters too). */
function hashtagsIn(caption: string): number {
  return caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
}

export async function startInstagramGraphFake(options: { fetchImages?: boolean } = {}): Promise<InstagramGraphFake> {
  return new InstagramGraphFake(options).start();
}
