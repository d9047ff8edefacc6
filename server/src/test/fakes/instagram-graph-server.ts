import { FakeHttpServer, type RecordedRequest } from "./http-fake.js";

/**
 * A local Instagram Graph API for content publishing (PROTOCOLS.md §8):
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

export class InstagramGraphFake extends FakeHttpServer {
  readonly accounts = new Map<string, { token: string; username: string }>();
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

  protected handle(request: RecordedRequest, failure: { status: number; message?: string } | undefined): { status: number; body: unknown } {
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
    if (index >= 0) {
      const { failure: f } = this.graphFailures.splice(index, 1)[0]!;
      return error(f.httpStatus ?? 400, f.code, f.message, f.subcode, "OAuthException", f.transient ?? false);
    }

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
      if (token !== this.accounts.get(container.igUserId)?.token)
        return error(400, 190, "Invalid OAuth access token - Cannot parse access token");
      if (container.status === "IN_PROGRESS" && container.pollsLeft > 0) container.pollsLeft--;
      else if (container.status === "IN_PROGRESS" && !container.fetching) container.status = "FINISHED";
      return {
        status: 200,
        body: { status_code: container.status, ...(container.detail ? { status: container.detail } : {}), id: container.id },
      };
    }

    const account = this.accounts.get(id);
    if (!account) return unsupported(id);
    if (token !== account.token) return error(400, 190, "Invalid OAuth access token - Cannot parse access token");

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

/** Hashtags as Instagram counts them: `#` followed by letters, digits or underscores (Persian letters too). */
function hashtagsIn(caption: string): number {
  return caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
}

export async function startInstagramGraphFake(options: { fetchImages?: boolean } = {}): Promise<InstagramGraphFake> {
  return new InstagramGraphFake(options).start();
}
