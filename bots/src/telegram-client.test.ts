import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { TelegramApiError, TelegramUnreachableError } from "@mall/server/social/telegram-api.js";
import { startTelegramFake, type TelegramFake } from "@mall/server/test/fakes/telegram-server.js";
import { SocksProxyAgent } from "socks-proxy-agent";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannelApi, proxyAgent } from "./telegram-client.js";

let fake: TelegramFake;
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];

beforeAll(async () => {
  fake = await startTelegramFake();
  // An HTTP proxy that only tunnels (CONNECT), as the proxies in front of Telegram do.
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on("connect", (req, client, head) => {
    tunnels.push(String(req.url));
    const [host, port] = String(req.url).split(":");
    const upstream = connect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", () => resolve()));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});
beforeEach(() => fake.reset());

const config = (overrides: Record<string, string | undefined> = {}) => ({
  TELEGRAM_BOT_TOKEN: fake.bot.token,
  TELEGRAM_API_ROOT: fake.url,
  TELEGRAM_PROXY_URL: undefined,
  ...overrides,
});
const rights = { can_post_messages: true };

describe("the grammY client", () => {
  it("reaches the Bot API through a relay's path and through an HTTP proxy", async () => {
    const relayed = createTelegramChannelApi(config({ TELEGRAM_API_ROOT: `${fake.url}/relay/tg/` }))!;
    expect((await relayed.getMe()).username).toBe("mall_test_bot");
    expect(fake.requests[0]!.method).toBe("getMe");

    const proxied = createTelegramChannelApi(config({ TELEGRAM_PROXY_URL: proxyUrl }))!;
    expect((await proxied.getMe()).id).toBe(fake.bot.id);
    expect(tunnels).toContain(new URL(fake.url).host);
    expect(proxyAgent("socks5h://127.0.0.1:1080")).toBeInstanceOf(SocksProxyAgent);
    expect(createTelegramChannelApi({ ...config(), TELEGRAM_BOT_TOKEN: undefined })).toBeNull();
  });

  it("turns Telegram's refusals into TelegramApiError and says whether a failed send may have gone out", async () => {
    const api = createTelegramChannelApi(config(), { maxRetryAfterSeconds: 1 })!;
    const chat = fake.addChannel({ username: "client_shop", title: "کانال", admins: { [fake.bot.id]: rights } });
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );

    const missing = await failure(api.editMessageCaption(chat.id, 999, "x"));
    expect(missing).toBeInstanceOf(TelegramApiError);
    expect((missing as TelegramApiError).messageMissing).toBe(true);

    fake.failNext(1, { errorCode: 429, description: "Too Many Requests: retry after 30", retryAfter: 30 });
    const flood = (await failure(api.getChat(chat.id))) as TelegramApiError;
    expect(flood).toMatchObject({ errorCode: 429, retryAfterSeconds: 30 });

    const refused = (await failure(
      createTelegramChannelApi(config({ TELEGRAM_API_ROOT: "http://127.0.0.1:9" }))!.getMe(),
    )) as TelegramUnreachableError;
    expect(refused).toBeInstanceOf(TelegramUnreachableError);
    expect(refused.sent).toBe("no");

    fake.failNext(1, { httpStatus: 502 });
    expect(await failure(api.getMe())).toMatchObject({ name: "TelegramUnreachableError", sent: "unknown" });

    fake.failNext(1, { dropAfterEffect: true }, "sendPhoto");
    const dropped = await failure(api.sendPhoto(chat.id, { url: "https://cdn.example.ir/a.jpg" }, "<b>x</b>"));
    expect(dropped).toMatchObject({ name: "TelegramUnreachableError", sent: "unknown" });
    // …and it had in fact been posted.
    expect(fake.chatMessages(chat.id)).toHaveLength(1);
  });
});

describe("the Telegram fake", () => {
  it("takes parameters as a query string, urlencoded, JSON or multipart, and answers in Telegram's envelopes", async () => {
    const base = `${fake.url}/bot${fake.bot.token}`;
    const chat = fake.addChannel({ username: "params_shop", title: "کانال", admins: { [fake.bot.id]: rights } });
    expect(await (await fetch(`${base}/getChat?chat_id=@params_shop`)).json()).toMatchObject({
      ok: true,
      result: { id: chat.id, type: "channel" },
    });
    const form = await fetch(`${base}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ chat_id: String(chat.id), text: "a &amp; <b>b</b>", parse_mode: "HTML" }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { text: "a & b", entities: [{ type: "bold", offset: 4, length: 1 }] } });
    const json = await fetch(`${base}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: chat.id, text: "<i>x", parse_mode: "HTML" }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"i\" at byte offset 4",
    });
    const upload = (bytes: number[]) => {
      const multipart = new FormData();
      multipart.append("chat_id", String(chat.id));
      multipart.append("photo", new Blob([new Uint8Array(bytes)]), "p.png");
      return fetch(`${base}/sendPhoto?caption=${encodeURIComponent("عکس")}`, { method: "POST", body: multipart });
    };
    const png = await upload([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    expect(await png.json()).toMatchObject({
      ok: true,
      result: { caption: "عکس", photo: [{ width: 90 }, { width: 320 }, { width: 800 }, { width: 1280 }] },
    });
    const text = await upload([0x68, 0x69]);
    expect(text.status).toBe(400);
    expect(((await text.json()) as { description: string }).description).toBe("Bad Request: IMAGE_PROCESS_FAILED");
    const unauthorized = await fetch(`${fake.url}/bot123:wrong/getMe`);
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
  });
});
