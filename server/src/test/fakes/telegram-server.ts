import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import busboy from "busboy";

/**
 * A local Telegram Bot API (PROTOCOLS.md §7) for tests: `/bot<token>/<method>`
 * with parameters in the query string, a JSON, urlencoded or multipart body
 * (files as parts, referenced by `attach://<name>`), and the `{ok, result}` /
 * `{ok: false, error_code, description, parameters}` envelopes with the HTTP
 * status equal to error_code.
 *
 * It models what the channel sync and the follower bot rely on: bots, users
 * and channels with administrators and their rights; messages with ids, HTML
 * parse mode turned into text and entities (strictly: an unescaped `<` or
 * `&` is refused, as Telegram does), caption and text limits, edits
 * ("message is not modified", "message to edit not found"), deletion rules
 * (48 hours for a bot's own posts without can_delete_messages), getUpdates
 * long polling and webhooks (with the secret token header). Failures can be
 * queued: any error envelope (429 with retry_after), a proxy's HTML page, or
 * a connection dropped after the call took effect (a send whose outcome the
 * client cannot know).
 *
 * Not modelled: automatic url/mention/hashtag entities, Markdown parse modes,
 * files other than photos.
 */

export interface FakeRights {
  can_post_messages?: boolean;
  can_edit_messages?: boolean;
  can_delete_messages?: boolean;
}

export type MemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface FakeBot extends FakeUser {
  token: string;
}

export interface FakeChat {
  id: number;
  type: "channel" | "group" | "supergroup" | "private";
  title?: string;
  username?: string;
  first_name?: string;
  members: Map<number, { status: MemberStatus; rights: FakeRights }>;
  nextMessageId: number;
}

export interface FakeEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

export interface FakePhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size: number;
}

/** A message as the fake keeps it. */
export interface FakeMessage {
  message_id: number;
  chatId: number;
  date: number;
  /** The bot that sent it, or the user who did. */
  fromId: number;
  text?: string;
  entities?: FakeEntity[];
  caption?: string;
  caption_entities?: FakeEntity[];
  photo?: FakePhotoSize[];
  media_group_id?: string;
  reply_markup?: unknown;
  deleted: boolean;
  edits: number;
}

/** A request as received, for assertions. */
export interface TelegramRequest {
  token: string;
  method: string;
  httpMethod: string;
  /** query string, then body; JSON-valued fields parsed. */
  params: Record<string, unknown>;
  files: Record<string, { filename: string; bytes: Buffer }>;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
}

export type TelegramFailure =
  | { errorCode: number; description: string; retryAfter?: number }
  /** A relay's or proxy's error page instead of JSON. */
  | { httpStatus: number }
  /** The call takes effect, then the connection is dropped without an answer. */
  | { dropAfterEffect: true };

class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

const bad = (description: string) => new BotApiError(400, `Bad Request: ${description}`);
const forbidden = (description: string) => new BotApiError(403, `Forbidden: ${description}`);

const JSON_FIELDS = new Set([
  "media",
  "reply_markup",
  "allowed_updates",
  "caption_entities",
  "entities",
  "link_preview_options",
  "commands",
  "reply_parameters",
]);
const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

interface PendingPoll {
  resolve: (updates: unknown[]) => void;
  reject: (error: BotApiError) => void;
  timer: NodeJS.Timeout;
}

interface BotState {
  bot: FakeBot;
  updates: Array<{ update_id: number } & Record<string, unknown>>;
  nextUpdateId: number;
  poll?: PendingPoll;
  webhook?: { url: string; secretToken?: string; allowedUpdates?: string[] };
  commands?: unknown;
  files: Set<string>;
  callbackAnswers: Array<Record<string, unknown>>;
}

export class TelegramFake {
  readonly requests: TelegramRequest[] = [];
  /** Webhook deliveries: the update, and the status the bot's server answered. */
  readonly deliveries: Array<{ update: unknown; status: number }> = [];
  url = "";
  /** Seconds added to the clock, to make messages old. */
  clockOffset = 0;
  private server: Server | undefined;
  private readonly bots = new Map<string, BotState>();
  private readonly chats = new Map<number, FakeChat>();
  private readonly messages = new Map<string, FakeMessage>();
  private readonly users = new Map<number, FakeUser>();
  private readonly failures: Array<{ failure: TelegramFailure; method?: string }> = [];
  private nextFileId = 1;
  private nextChannelId = 1_000_000_001;
  private nextUserId = 500_000_001;
  private nextMediaGroup = 1;
  /** The default bot. */
  readonly bot: FakeBot;

  constructor(options: { botUsername?: string } = {}) {
    this.bot = this.addBot(options.botUsername ?? "mall_test_bot");
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.receive(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const state of this.bots.values()) {
      if (state.poll) {
        clearTimeout(state.poll.timer);
        state.poll.resolve([]);
      }
    }
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  now(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffset;
  }

  addBot(username: string): FakeBot {
    const id = 7_000_000_000 + this.bots.size + 1;
    const bot: FakeBot = { id, is_bot: true, first_name: "Mall", username, token: `${id}:AA${randomBytes(16).toString("hex")}` };
    this.bots.set(bot.token, { bot, updates: [], nextUpdateId: 100, files: new Set(), callbackAnswers: [] });
    return bot;
  }

  /** A channel (or group); `admins` maps a user or bot id to its rights as an administrator. */
  addChannel(options: {
    username?: string;
    title: string;
    type?: "channel" | "group" | "supergroup";
    admins?: Record<number, FakeRights>;
    members?: number[];
  }): FakeChat {
    const id = -(1_000_000_000_000 + this.nextChannelId++);
    const chat: FakeChat = {
      id,
      type: options.type ?? "channel",
      title: options.title,
      username: options.username,
      members: new Map(),
      nextMessageId: 1,
    };
    for (const [userId, rights] of Object.entries(options.admins ?? {}))
      chat.members.set(Number(userId), { status: "administrator", rights });
    for (const userId of options.members ?? []) chat.members.set(userId, { status: "member", rights: {} });
    this.chats.set(id, chat);
    return chat;
  }

  /** Changes a member's status and rights (promote, demote, kick). */
  setMember(chatId: number, userId: number, status: MemberStatus, rights: FakeRights = {}): void {
    this.chatOrThrow(chatId).members.set(userId, { status, rights });
  }

  /** A Telegram user with a private chat to talk to bots from. */
  addUser(options: { firstName?: string; username?: string } = {}): FakeUser {
    const user: FakeUser = { id: this.nextUserId++, is_bot: false, first_name: options.firstName ?? "کاربر", username: options.username };
    this.users.set(user.id, user);
    this.chats.set(user.id, {
      id: user.id,
      type: "private",
      first_name: user.first_name,
      username: user.username,
      members: new Map(),
      nextMessageId: 1,
    });
    return user;
  }

  /** Messages of a chat still there, oldest first. */
  chatMessages(chatId: number): FakeMessage[] {
    return [...this.messages.values()]
      .filter((message) => message.chatId === chatId && !message.deleted)
      .sort((a, b) => a.message_id - b.message_id);
  }

  message(chatId: number, messageId: number): FakeMessage | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** Deletes a message as a person would in the app. */
  deleteByHand(chatId: number, messageId: number): void {
    const message = this.message(chatId, messageId);
    if (message) message.deleted = true;
  }

  callbackAnswers(bot: FakeBot = this.bot): Array<Record<string, unknown>> {
    return this.stateOf(bot.token).callbackAnswers;
  }

  webhookOf(bot: FakeBot = this.bot): BotState["webhook"] {
    return this.stateOf(bot.token).webhook;
  }

  /** Answers the next `count` calls (of `method`, when given) with this failure. */
  failNext(count: number, failure: TelegramFailure, method?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ failure, method });
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.length = 0;
    this.deliveries.length = 0;
  }

  /** Requests of one method, in order. */
  calls(method: string): TelegramRequest[] {
    return this.requests.filter((request) => request.method === method);
  }

  // ─── Updates ───────────────────────────────────────────────────────────

  /** A user sends text to the bot in private; delivered by getUpdates or to the webhook. Returns the update. */
  userSends(user: FakeUser, text: string, bot: FakeBot = this.bot): Record<string, unknown> {
    const chat = this.chatOrThrow(user.id);
    const message: FakeMessage = {
      message_id: chat.nextMessageId++,
      chatId: chat.id,
      date: this.now(),
      fromId: user.id,
      text,
      deleted: false,
      edits: 0,
    };
    const command = /^\/[a-z0-9_]+/i.exec(text);
    if (command) message.entities = [{ type: "bot_command", offset: 0, length: command[0].length }];
    this.messages.set(`${chat.id}:${message.message_id}`, message);
    return this.pushUpdate(bot, { message: this.present(message) });
  }

  /**
   * Someone posts text in a channel, as in the app. Only its creator and
   * administrators with «ارسال پیام» can (anyone else is refused here, as the
   * app refuses them). Delivered to each bot that is an administrator there
   * as a `channel_post` (chat and sender_chat: the channel); `forwardedFrom`
   * makes it a forward of a post of another chat (forward_origin,
   * forward_from_chat, forward_date), `viaBot` one written through an inline bot.
   * Returns the update the default bot gets, or null when it is not in the channel.
   */
  postInChannel(
    chat: FakeChat,
    authorId: number,
    text: string,
    options: { forwardedFrom?: FakeChat; viaBot?: FakeUser } = {},
  ): Record<string, unknown> | null {
    const author = chat.members.get(authorId);
    const mayPost = author?.status === "creator" || (author?.status === "administrator" && author.rights.can_post_messages === true);
    if (chat.type !== "channel" || !mayPost) throw new Error(`fake Telegram: ${authorId} may not post in ${chat.id}`);
    const message: FakeMessage = {
      message_id: chat.nextMessageId++,
      chatId: chat.id,
      date: this.now(),
      fromId: authorId,
      text,
      deleted: false,
      edits: 0,
    };
    this.messages.set(`${chat.id}:${message.message_id}`, message);
    const presented: Record<string, unknown> = { ...this.present(message) };
    if (options.forwardedFrom) {
      const from = this.presentChat(options.forwardedFrom);
      Object.assign(presented, {
        forward_origin: { type: "channel", chat: from, message_id: 1, date: this.now() - 60 },
        forward_from_chat: from,
        forward_from_message_id: 1,
        forward_date: this.now() - 60,
      });
    }
    if (options.viaBot) presented.via_bot = options.viaBot;
    let delivered: Record<string, unknown> | null = null;
    for (const state of this.bots.values()) {
      const member = chat.members.get(state.bot.id);
      if (member?.status !== "administrator" && member?.status !== "creator") continue;
      const update = this.pushUpdate(state.bot, { channel_post: presented });
      if (state.bot === this.bot) delivered = update;
    }
    return delivered;
  }

  /** A user presses an inline button of one of the bot's messages. */
  userPresses(user: FakeUser, message: FakeMessage, data: string, bot: FakeBot = this.bot): Record<string, unknown> {
    return this.pushUpdate(bot, {
      callback_query: {
        id: randomBytes(8).toString("hex"),
        from: user,
        chat_instance: String(user.id),
        message: this.present(message),
        data,
      },
    });
  }

  private pushUpdate(bot: FakeBot, body: Record<string, unknown>): Record<string, unknown> {
    const state = this.stateOf(bot.token);
    const update = { update_id: state.nextUpdateId++, ...body };
    state.updates.push(update);
    if (state.webhook) void this.deliver(state);
    else if (state.poll) {
      const poll = state.poll;
      state.poll = undefined;
      clearTimeout(poll.timer);
      poll.resolve(state.updates.slice());
    }
    return update;
  }

  private async deliver(state: BotState): Promise<void> {
    const webhook = state.webhook!;
    while (state.updates.length > 0) {
      const update = state.updates.shift()!;
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(webhook.secretToken ? { "x-telegram-bot-api-secret-token": webhook.secretToken } : {}),
        },
        body: JSON.stringify(update),
      }).catch(() => null);
      this.deliveries.push({ update, status: response?.status ?? 0 });
      await response?.text().catch(() => "");
    }
  }

  // ─── HTTP ──────────────────────────────────────────────────────────────

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    // A relay may put the Bot API under a path of its own (https://relay.example/tg/bot<token>/<method>).
    const match = /^(?:\/[^/]+)*?\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const reply = (status: number, body: unknown) => {
      if (!res.writableEnded) res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (!match) return reply(404, { ok: false, error_code: 404, description: "Not Found" });
    const [, token, method] = match as unknown as [string, string, string];
    let request: TelegramRequest;
    try {
      const { params, files } = await readParams(req, url);
      request = {
        token,
        method,
        httpMethod: req.method ?? "GET",
        params,
        files,
        contentType: String(req.headers["content-type"] ?? ""),
        headers: req.headers,
      };
    } catch (error) {
      return reply(400, { ok: false, error_code: 400, description: `Bad Request: ${(error as Error).message}` });
    }
    this.requests.push(request);
    const state = this.bots.get(token);
    if (!state) return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });

    const index = this.failures.findIndex((entry) => !entry.method || entry.method === method);
    const failure = index >= 0 ? this.failures.splice(index, 1)[0]!.failure : undefined;
    if (failure && "httpStatus" in failure) {
      res
        .writeHead(failure.httpStatus, { "content-type": "text/html" })
        .end(`<html><body><h1>${failure.httpStatus} Bad Gateway</h1></body></html>`);
      return;
    }
    if (failure && "errorCode" in failure) {
      return reply(failure.errorCode, {
        ok: false,
        error_code: failure.errorCode,
        description: failure.description,
        ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
      });
    }
    try {
      const result = await this.call(state, method, request.params, request.files);
      if (failure && "dropAfterEffect" in failure) {
        req.socket.destroy();
        return;
      }
      reply(200, { ok: true, result });
    } catch (error) {
      if (error instanceof BotApiError) {
        return reply(error.errorCode, {
          ok: false,
          error_code: error.errorCode,
          description: error.description,
          ...(error.retryAfter !== undefined ? { parameters: { retry_after: error.retryAfter } } : {}),
        });
      }
      reply(500, { ok: false, error_code: 500, description: `Internal Server Error: ${(error as Error).message}` });
    }
  }

  // ─── Methods ───────────────────────────────────────────────────────────

  private async call(state: BotState, method: string, params: Record<string, unknown>, files: TelegramRequest["files"]): Promise<unknown> {
    const bot = state.bot;
    switch (method) {
      case "getMe":
        return {
          id: bot.id,
          is_bot: true,
          first_name: bot.first_name,
          username: bot.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        };
      case "getChat": {
        const chat = this.chatFor(bot, params.chat_id, { mustBeMember: false });
        return this.presentChat(chat);
      }
      case "getChatMember": {
        const chat = this.chatFor(bot, params.chat_id, { mustBeMember: false });
        const userId = Number(params.user_id);
        const member = chat.members.get(userId);
        const user = this.userOf(userId);
        if (!member) return { status: "left", user };
        return { status: member.status, user, ...(member.status === "administrator" ? this.adminFields(chat, member.rights) : {}) };
      }
      case "getChatAdministrators": {
        const chat = this.chatFor(bot, params.chat_id, { mustBeMember: true });
        return [...chat.members]
          .filter(([, m]) => m.status === "administrator" || m.status === "creator")
          .map(([id, m]) => ({ status: m.status, user: this.userOf(id), ...this.adminFields(chat, m.rights) }));
      }
      case "sendMessage": {
        const chat = this.writableChat(bot, params.chat_id);
        const { text, entities } = this.formatted(params.text, params.parse_mode, params.entities, 4096, "text");
        return this.present(this.store(chat, bot, { text, entities, reply_markup: params.reply_markup }));
      }
      case "sendPhoto": {
        const chat = this.writableChat(bot, params.chat_id);
        // The file may come as the part `photo` itself, or as attach://<part>.
        const photo = this.photo(state, params.photo ?? (files.photo ? "attach://photo" : undefined), files);
        const caption = this.optionalCaption(params);
        return this.present(this.store(chat, bot, { photo, ...caption, reply_markup: params.reply_markup }));
      }
      case "sendMediaGroup": {
        const chat = this.writableChat(bot, params.chat_id);
        const media = params.media;
        if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw bad("media group must contain 2-10 items");
        const group = `fake-group-${this.nextMediaGroup++}`;
        const prepared = media.map((item: Record<string, unknown>) => {
          if (item.type !== "photo") throw bad("only photos are supported by this fake");
          return { photo: this.photo(state, item.media, files), ...this.optionalCaption(item) };
        });
        return prepared.map((item) => this.present(this.store(chat, bot, { ...item, media_group_id: group })));
      }
      case "editMessageCaption": {
        const message = this.editable(bot, params, "edit");
        if (!message.photo) throw bad("there is no caption in the message to edit");
        const caption = this.optionalCaption(params);
        const markup = params.reply_markup ?? message.reply_markup;
        if (
          (caption.caption ?? "") === (message.caption ?? "") &&
          same(caption.caption_entities, message.caption_entities) &&
          same(markup, message.reply_markup)
        )
          throw bad(NOT_MODIFIED);
        message.caption = caption.caption;
        message.caption_entities = caption.caption_entities;
        message.reply_markup = markup;
        message.edits++;
        return this.present(message);
      }
      case "editMessageText": {
        const message = this.editable(bot, params, "edit");
        if (message.text === undefined) throw bad("there is no text in the message to edit");
        const { text, entities } = this.formatted(params.text, params.parse_mode, params.entities, 4096, "text");
        const markup = params.reply_markup ?? undefined;
        if (text === message.text && same(entities, message.entities) && same(markup, message.reply_markup)) throw bad(NOT_MODIFIED);
        Object.assign(message, { text, entities, reply_markup: markup, edits: message.edits + 1 });
        return this.present(message);
      }
      case "editMessageReplyMarkup": {
        const message = this.editable(bot, params, "edit");
        if (same(params.reply_markup, message.reply_markup)) throw bad(NOT_MODIFIED);
        message.reply_markup = params.reply_markup;
        message.edits++;
        return this.present(message);
      }
      case "deleteMessage": {
        const message = this.editable(bot, params, "delete");
        const chat = this.chatOrThrow(message.chatId);
        const rights = chat.members.get(bot.id)?.rights ?? {};
        const own = message.fromId === bot.id;
        const young = this.now() - message.date < 48 * 3600;
        const allowed =
          chat.type === "private"
            ? own && young
            : rights.can_delete_messages === true || (own && young && (chat.type !== "channel" || rights.can_post_messages === true));
        if (!allowed) throw bad("message can't be deleted");
        message.deleted = true;
        return true;
      }
      case "answerCallbackQuery":
        state.callbackAnswers.push(params);
        return true;
      case "setMyCommands":
        state.commands = params.commands;
        return true;
      case "getMyCommands":
        return state.commands ?? [];
      case "setWebhook": {
        const url = String(params.url ?? "");
        if (!url) return this.call(state, "deleteWebhook", params, files);
        if (!/^https?:\/\//.test(url)) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
        const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
          throw bad("bad webhook: secret token contains unallowed characters");
        state.webhook = { url, secretToken: secret, allowedUpdates: params.allowed_updates as string[] | undefined };
        if (params.drop_pending_updates === true || params.drop_pending_updates === "true") state.updates.length = 0;
        if (state.poll) {
          const poll = state.poll;
          state.poll = undefined;
          clearTimeout(poll.timer);
          poll.reject(new BotApiError(409, "Conflict: terminated by setWebhook request"));
        }
        if (state.updates.length > 0) void this.deliver(state);
        return true;
      }
      case "deleteWebhook":
        state.webhook = undefined;
        if (params.drop_pending_updates === true || params.drop_pending_updates === "true") state.updates.length = 0;
        return true;
      case "getWebhookInfo":
        return { url: state.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: state.updates.length };
      case "getUpdates":
        return this.getUpdates(state, params);
      case "close":
      case "logOut":
        return true;
      default:
        throw new BotApiError(404, "Not Found: method not found");
    }
  }

  private getUpdates(state: BotState, params: Record<string, unknown>): Promise<unknown[]> | unknown[] {
    if (state.webhook)
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    const offset = params.offset === undefined ? undefined : Number(params.offset);
    if (offset !== undefined && offset > 0) {
      const kept = state.updates.filter((update) => update.update_id >= offset);
      state.updates.splice(0, state.updates.length, ...kept);
    }
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    if (state.updates.length > 0) return state.updates.slice(0, limit);
    const timeout = Number(params.timeout ?? 0);
    if (state.poll) {
      const previous = state.poll;
      state.poll = undefined;
      clearTimeout(previous.timer);
      previous.reject(
        new BotApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"),
      );
    }
    if (timeout <= 0) return [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (state.poll?.timer === timer) state.poll = undefined;
        resolve([]);
      }, timeout * 1000);
      state.poll = { resolve: (updates) => resolve(updates.slice(0, limit)), reject, timer };
    });
  }

  // ─── Helpers ───────────────────────────────────────────────────────────

  private stateOf(token: string): BotState {
    const state = this.bots.get(token);
    if (!state) throw new Error(`no fake bot with token ${token}`);
    return state;
  }

  private chatOrThrow(chatId: number): FakeChat {
    const chat = this.chats.get(chatId);
    if (!chat) throw new Error(`no fake chat ${chatId}`);
    return chat;
  }

  private userOf(id: number): FakeUser {
    for (const state of this.bots.values())
      if (state.bot.id === id) return { id, is_bot: true, first_name: state.bot.first_name, username: state.bot.username };
    return this.users.get(id) ?? { id, is_bot: false, first_name: "کاربر" };
  }

  /** A chat by `@username` or id, as the bot may see it: a private channel it is not in does not exist for it. */
  private chatFor(bot: FakeBot, reference: unknown, options: { mustBeMember: boolean }): FakeChat {
    if (reference === undefined || reference === "") throw bad("chat_id is empty");
    const text = String(reference);
    const chat = text.startsWith("@")
      ? [...this.chats.values()].find((c) => c.username?.toLowerCase() === text.slice(1).toLowerCase())
      : this.chats.get(Number(text));
    if (!chat) throw bad("chat not found");
    if (chat.type === "private") {
      if (chat.id !== Number(text) || !this.users.has(chat.id)) throw bad("chat not found");
      return chat;
    }
    const member = chat.members.get(bot.id);
    const inside = member && member.status !== "left" && member.status !== "kicked";
    if (!inside && (!chat.username || options.mustBeMember)) {
      if (member?.status === "kicked")
        throw forbidden(`bot was kicked from the ${chat.type === "channel" ? "channel" : "supergroup"} chat`);
      if (chat.username) throw forbidden(`bot is not a member of the ${chat.type === "channel" ? "channel" : "group"} chat`);
      throw bad("chat not found");
    }
    return chat;
  }

  /** A chat the bot may send to, or the error Telegram gives. */
  private writableChat(bot: FakeBot, reference: unknown): FakeChat {
    const chat = this.chatFor(bot, reference, { mustBeMember: true });
    if (chat.type === "channel") {
      const member = chat.members.get(bot.id)!;
      if (member.status !== "administrator" && member.status !== "creator") throw bad("need administrator rights in the channel chat");
      if (member.rights.can_post_messages !== true) throw bad("have no rights to send a message");
    }
    return chat;
  }

  private editable(bot: FakeBot, params: Record<string, unknown>, action: "edit" | "delete"): FakeMessage {
    const chat = this.chatFor(bot, params.chat_id, { mustBeMember: true });
    const message = this.messages.get(`${chat.id}:${Number(params.message_id)}`);
    if (!message || message.deleted) throw bad(`message to ${action} not found`);
    if (action === "edit") {
      const rights = chat.members.get(bot.id)?.rights ?? {};
      const own = message.fromId === bot.id;
      if (!own && !(chat.type === "channel" && rights.can_edit_messages === true)) throw bad("message can't be edited");
      if (chat.type === "channel" && own && rights.can_post_messages !== true && rights.can_edit_messages !== true)
        throw bad("message can't be edited");
    }
    return message;
  }

  private adminFields(chat: FakeChat, rights: FakeRights) {
    return {
      can_be_edited: false,
      is_anonymous: false,
      can_manage_chat: true,
      can_delete_messages: rights.can_delete_messages === true,
      can_manage_video_chats: false,
      can_restrict_members: false,
      can_promote_members: false,
      can_change_info: false,
      can_invite_users: false,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
      ...(chat.type === "channel"
        ? { can_post_messages: rights.can_post_messages === true, can_edit_messages: rights.can_edit_messages === true }
        : {}),
    };
  }

  private presentChat(chat: FakeChat) {
    return chat.type === "private"
      ? { id: chat.id, type: "private", first_name: chat.first_name, ...(chat.username ? { username: chat.username } : {}) }
      : { id: chat.id, type: chat.type, title: chat.title, ...(chat.username ? { username: chat.username } : {}) };
  }

  private store(chat: FakeChat, bot: FakeBot, content: Partial<FakeMessage>): FakeMessage {
    const message: FakeMessage = {
      message_id: chat.nextMessageId++,
      chatId: chat.id,
      date: this.now(),
      fromId: bot.id,
      deleted: false,
      edits: 0,
      ...content,
    };
    for (const key of Object.keys(message) as Array<keyof FakeMessage>) if (message[key] === undefined) delete message[key];
    this.messages.set(`${chat.id}:${message.message_id}`, message);
    return message;
  }

  /** A message as the Bot API returns it. */
  present(message: FakeMessage): Record<string, unknown> {
    const chat = this.chatOrThrow(message.chatId);
    return {
      message_id: message.message_id,
      date: message.date,
      chat: this.presentChat(chat),
      ...(chat.type === "channel" ? { sender_chat: this.presentChat(chat) } : { from: this.userOf(message.fromId) }),
      ...(message.edits > 0 ? { edit_date: this.now() } : {}),
      ...(message.media_group_id ? { media_group_id: message.media_group_id } : {}),
      ...(message.text !== undefined ? { text: message.text } : {}),
      ...(message.entities?.length ? { entities: message.entities } : {}),
      ...(message.photo ? { photo: message.photo } : {}),
      ...(message.caption !== undefined ? { caption: message.caption } : {}),
      ...(message.caption_entities?.length ? { caption_entities: message.caption_entities } : {}),
      ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}),
    };
  }

  private optionalCaption(params: Record<string, unknown>): { caption?: string; caption_entities?: FakeEntity[] } {
    if (params.caption === undefined || params.caption === "") return {};
    const { text, entities } = this.formatted(params.caption, params.parse_mode, params.caption_entities, 1024, "caption");
    return { caption: text, caption_entities: entities };
  }

  private formatted(
    raw: unknown,
    parseMode: unknown,
    given: unknown,
    limit: number,
    kind: "text" | "caption",
  ): { text: string; entities: FakeEntity[] } {
    const source = raw === undefined ? "" : String(raw);
    const parsed =
      parseMode === "HTML" ? parseHtml(source) : { text: source, entities: Array.isArray(given) ? (given as FakeEntity[]) : [] };
    if (parseMode !== undefined && parseMode !== "HTML") throw bad(`unsupported parse_mode ${String(parseMode)} in this fake`);
    if (kind === "text" && parsed.text.trim() === "") throw bad("message text is empty");
    if (parsed.text.length > limit) throw bad(kind === "text" ? "message is too long" : "message caption is too long");
    return parsed;
  }

  private photo(state: BotState, input: unknown, files: TelegramRequest["files"]): FakePhotoSize[] {
    const reference = String(input ?? "");
    if (!reference) throw bad("there is no photo in the request");
    if (reference.startsWith("attach://")) {
      const file = files[reference.slice("attach://".length)];
      if (!file) throw bad("wrong file identifier/HTTP URL specified");
      if (file.bytes.length > 10 * 1024 * 1024) throw new BotApiError(413, "Request Entity Too Large");
      if (!isImage(file.bytes)) throw bad("IMAGE_PROCESS_FAILED");
    } else if (/^https?:\/\//i.test(reference)) {
      // Telegram fetches it; the fake takes its word.
    } else if (!state.files.has(reference)) {
      throw bad("wrong file identifier/HTTP URL specified");
    }
    const sizes = [90, 320, 800, 1280].map((width) => {
      const fileId = `AgACAgQAAxkDAAI${this.nextFileId++}-${width}`;
      state.files.add(fileId);
      return { file_id: fileId, file_unique_id: `AQAD${this.nextFileId}`, width, height: Math.round(width * 0.75), file_size: width * 60 };
    });
    return sizes;
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null) || (isEmpty(a) && isEmpty(b));
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function isImage(bytes: Buffer): boolean {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const webp = bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP";
  return jpeg || png || webp;
}

/** Query string first, then the body (JSON, urlencoded or multipart); JSON-valued fields parsed as Telegram does. */
async function readParams(req: IncomingMessage, url: URL): Promise<{ params: Record<string, unknown>; files: TelegramRequest["files"] }> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: TelegramRequest["files"] = {};
  const type = String(req.headers["content-type"] ?? "");
  if (type.startsWith("multipart/form-data")) {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: req.headers });
      parser.on("field", (name, value) => {
        params[name] = value;
      });
      parser.on("file", (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          files[name] = { filename: info.filename ?? "", bytes: Buffer.concat(chunks) };
        });
      });
      parser.on("close", () => resolve());
      parser.on("error", reject);
      req.pipe(parser);
    });
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    if (type.startsWith("application/json") && raw) Object.assign(params, JSON.parse(raw) as Record<string, unknown>);
    else if (type.startsWith("application/x-www-form-urlencoded")) Object.assign(params, Object.fromEntries(new URLSearchParams(raw)));
  }
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (JSON_FIELDS.has(key) && typeof value === "string") {
      try {
        params[key] = JSON.parse(value);
      } catch {
        throw new Error(`can't parse ${key} JSON object`);
      }
    }
  }
  return { params, files };
}

const TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  code: "code",
  pre: "pre",
  a: "text_link",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  blockquote: "blockquote",
};
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/**
 * Telegram's HTML parse mode: the tags it supports, the four named entities
 * and numeric ones; anything else is refused with Telegram's error, with the
 * byte offset of the trouble. Entity offsets and lengths are in UTF-16 code units.
 */
export function parseHtml(source: string): { text: string; entities: FakeEntity[] } {
  let text = "";
  const entities: FakeEntity[] = [];
  const open: Array<{ tag: string; type: string; offset: number; url?: string }> = [];
  const byteOffset = (index: number) => Buffer.byteLength(source.slice(0, index));
  const fail = (message: string, index: number) => bad(`can't parse entities: ${message} at byte offset ${byteOffset(index)}`);
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === "<") {
      const end = source.indexOf(">", i);
      if (end < 0) throw fail("Unclosed start tag", i);
      const inner = source.slice(i + 1, end);
      const closing = inner.startsWith("/");
      const name = /^\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(inner)?.[1]?.toLowerCase();
      if (!name || !(name in TAGS)) throw fail(`Unsupported ${closing ? "end" : "start"} tag "${name ?? inner}"`, i);
      if (closing) {
        const top = open.pop();
        if (!top || top.tag !== name) throw fail(`Unmatched end tag "${name}"`, i);
        if (text.length > top.offset)
          entities.push({
            type: top.type,
            offset: top.offset,
            length: text.length - top.offset,
            ...(top.url !== undefined ? { url: top.url } : {}),
          });
      } else {
        let url: string | undefined;
        if (name === "a") {
          const href = /\shref\s*=\s*"([^"]*)"/.exec(inner) ?? /\shref\s*=\s*'([^']*)'/.exec(inner);
          if (!href) throw fail("Can't find href attribute", i);
          url = decodeEntities(href[1]!);
        }
        if (name === "span" && !/class\s*=\s*"tg-spoiler"/.test(inner)) throw fail('Tag "span" must have class "tg-spoiler"', i);
        open.push({ tag: name, type: TAGS[name]!, offset: text.length, url });
      }
      i = end + 1;
    } else if (char === "&") {
      const match = /^&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/.exec(source.slice(i, i + 12));
      if (!match) throw fail("Character '&' is reserved and must be escaped", i);
      const name = match[1]!;
      if (name.startsWith("#x")) text += String.fromCodePoint(parseInt(name.slice(2), 16));
      else if (name.startsWith("#")) text += String.fromCodePoint(parseInt(name.slice(1), 10));
      else if (NAMED[name] !== undefined) text += NAMED[name];
      else throw fail(`Unsupported HTML entity "&${name};"`, i);
      i += match[0].length;
    } else if (char === ">") {
      throw fail("Character '>' is reserved and must be escaped", i);
    } else {
      text += char;
      i++;
    }
  }
  if (open.length > 0) throw fail(`Can't find end tag corresponding to start tag "${open.at(-1)!.tag}"`, source.length);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function decodeEntities(value: string): string {
  return value.replace(/&(lt|gt|amp|quot);/g, (_, name: string) => NAMED[name]!);
}

/** Starts a Telegram fake on a free port. */
export async function startTelegramFake(options: { botUsername?: string } = {}): Promise<TelegramFake> {
  return new TelegramFake(options).start();
}
