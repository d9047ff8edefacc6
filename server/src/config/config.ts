import { createHmac } from "node:crypto";
import { isIP } from "node:net";
import { z } from "../platform/zod.js";

/** The SMS drivers (messaging/sms-provider.ts); listed here so that configuration can name them. */
export const SMS_PROVIDERS = ["console", "kavenegar", "smsir"] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];

/** Where the form-POST gateways live unless configured otherwise (the site's CSP lists them: sites/site-csp.ts). */
export const GATEWAY_HOST_DEFAULTS = {
  MELLAT_BASE_URL: "https://bpm.shaparak.ir",
  SAMAN_BASE_URL: "https://sep.shaparak.ir",
  PARSIAN_BASE_URL: "https://pec.shaparak.ir",
} as const;

/**
 * The platform's configuration, read from the environment once at start-up.
 * Without NODE_ENV it is production (secrets required, no development
 * helpers); with NODE_ENV=development every other default works on a laptop
 * of the kind the README describes (see docker-compose.yml for production).
 */
const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const urlWithProtocol = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`,
    );

/** The secrets production refuses to start without (and with a short, published or guessable value). */
const PRODUCTION_SECRETS = ["JWT_SECRET", "PAYMENT_SECRET_KEY", "EMALLS_TOKEN_SECRET"] as const;
/** Secrets checked when they are set (SESSION_SECRET is derived from JWT_SECRET otherwise; S3's key is MinIO's root password in compose). */
const OPTIONAL_SECRETS = ["SESSION_SECRET", "S3_SECRET_ACCESS_KEY"] as const;
/** Values that have been published: in this repository's compose file and code, and the usual placeholders. */
const PUBLISHED_SECRETS = new Set([
  "change-me-to-a-long-random-secret-value",
  "change-me-to-a-long-random-payment-key",
  "development-only-secret-change-me-in-production",
  "development-only-payment-key-change-me-in-production",
  "development-only-emalls-key-change-me-in-production",
  "mall-minio-secret",
  "minioadmin",
]);

/** Why a production secret cannot be used, or undefined when it can. */
function weakSecret(value: string, minLength: number): string | undefined {
  if (value.length < minLength) return `must be at least ${minLength} characters`;
  if (PUBLISHED_SECRETS.has(value) || /change-?me|changethis|placeholder|example|your-?secret/i.test(value))
    return "is a published example value";
  if (new Set(value).size < 8) return "is too easy to guess (too few different characters)";
  return undefined;
}
const SECRET_HINT = "make one with `openssl rand -base64 48`";

export const configSchema = z
  .object({
    /**
     * Unset means production: development conveniences (the /dev/last-otp helper, a built-in JWT secret, the sandbox
     * gateway) need NODE_ENV=development (or test) said out loud; `npm run up` and the npm scripts say it for a laptop.
     */
    NODE_ENV: z.enum(["development", "test", "production"]).default("production"),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: urlWithProtocol(["postgres:", "postgresql:"]).default("postgres://postgres@127.0.0.1:5432/mall"),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /**
     * Comma-separated streaming read replicas (hot standbys) of DATABASE_URL's PostgreSQL. Reads that may lag by a
     * moment (the storefront's catalog, the back office's reports) go to one of them; everything else, and every read
     * of what the caller just wrote, goes to DATABASE_URL. Empty: every read goes to DATABASE_URL.
     */
    DATABASE_REPLICA_URLS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((url) => url.trim())
          .filter(Boolean),
      )
      .pipe(z.array(urlWithProtocol(["postgres:", "postgresql:"]))),
    REDIS_URL: urlWithProtocol(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
    /** Prefix of every Redis key and BullMQ queue, so that installations (and test files) can share one Redis. */
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/i, "may hold only letters, digits, ':', '_' and '-'")
      .default("mall"),
    PLATFORM_DOMAIN: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
        "must be a domain name such as mall.localhost",
      )
      .default("mall.localhost"),
    /** The DNS server `mall domain verify` asks, as `host` or `host:port` (e.g. 127.0.0.1:53); unset uses the system's resolvers. */
    DNS_RESOLVER: z
      .string()
      .trim()
      .regex(/^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i, "must be a DNS server address such as 127.0.0.1:53")
      .optional(),
    /** The ACME server `mall ssl issue` and the renewal job ask (Let's Encrypt by default; a private CA or Pebble in tests). */
    ACME_DIRECTORY_URL: urlWithProtocol(["https:"]).default("https://acme-v02.api.letsencrypt.org/directory"),
    /** Contact address given to the ACME server for expiry notices. */
    ACME_EMAIL: z.email("must be an email address").optional(),
    /** A PEM file of extra CA certificates trusted when talking to the ACME server (a private ACME CA; Pebble in tests). */
    ACME_CA_FILE: z.string().min(1).optional(),
    /** Renew a custom domain's certificate this many days before it expires. */
    SSL_RENEW_DAYS: z.coerce.number().int().min(1).max(89).default(30),
    /** Where issued certificates and keys are written for nginx (key files 0600); defaults to {DATA_DIR}/ssl. */
    SSL_DIR: z.string().min(1).optional(),
    /** Where one nginx server block per custom domain is written; the main block (`mall nginx config`) includes {NGINX_DOMAINS_DIR}/*.conf. Defaults to {DATA_DIR}/nginx/domains. */
    NGINX_DOMAINS_DIR: z.string().min(1).optional(),
    /** The listen directive of a custom domain's HTTPS block. */
    NGINX_TLS_LISTEN: z.string().trim().min(1).default("443 ssl"),
    /** Checks nginx's configuration after a domain block is written (argv split on spaces, no shell); a failure removes the new block. */
    NGINX_TEST_COMMAND: z.string().trim().min(1).default("nginx -t"),
    /** Makes nginx load the new configuration (argv split on spaces, no shell). */
    NGINX_RELOAD_COMMAND: z.string().trim().min(1).default("nginx -s reload"),
    /** Where nginx fetches /media/public/ from when media live in a bucket that is not published (e.g. http://minio:9000/mall-media); unset, /media goes to the server. */
    NGINX_MEDIA_UPSTREAM: urlWithProtocol(["http:", "https:"]).optional(),
    /** The platform's wildcard certificate for *.{PLATFORM_DOMAIN} and the bare domain (PEM chain and key, as nginx reads them): with both set, `mall nginx config` adds the HTTPS block. */
    PLATFORM_TLS_CERT_FILE: z.string().min(1).optional(),
    PLATFORM_TLS_KEY_FILE: z.string().min(1).optional(),
    /** The address shoppers use, for links in SMS and Telegram posts; defaults to http://{PLATFORM_DOMAIN}:{PORT}. */
    PUBLIC_URL: urlWithProtocol(["http:", "https:"]).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Unexpected errors of every process go to this Sentry (or compatible) project; unset, the SDK is not even loaded. */
    SENTRY_DSN: urlWithProtocol(["http:", "https:"]).optional(),
    /** The worker process serves its Prometheus metrics (jobs, queues, gateways, SMS, Telegram) at :{port}/metrics; 0 turns it off. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    /** Comma-separated origins allowed to call the API from a browser, besides the stores' own hosts. */
    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(urlWithProtocol(["http:", "https:"]))),
    JWT_SECRET: z.string().min(32, "must be at least 32 characters; make one with `openssl rand -base64 48`").optional(),
    /** How long a Host → store lookup is kept in Redis; changes to a store invalidate it at once. */
    STORE_CACHE_SECONDS: z.coerce.number().int().min(1).max(86400).default(300),
    /** How long a shopper's product read (live price and stock) is kept in Redis; catalog and order events forget it at once. 0 turns the cache off. */
    PRODUCT_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /**
     * How many proxies stand in front of the server (nginx counts as one): the client's address is taken exactly
     * that many hops from the right of X-Forwarded-For, so nothing a client writes there is believed. 0 (no proxy)
     * uses the socket's address. `mall nginx config --proxy-settings` writes the matching nginx side.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * Who may read the server's /readyz and /metrics: comma-separated addresses or CIDR ranges, matched against the
     * connection's own address (never X-Forwarded-For), and only for requests no proxy forwarded. Everyone else
     * (nginx's public blocks included) gets a 404; /healthz stays public. Loopback by default.
     */
    OPS_ALLOWED_ADDRESSES: z
      .string()
      .default("127.0.0.0/8,::1")
      .transform((value) =>
        value
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().refine(isAddressOrRange, "must be addresses or CIDR ranges, e.g. 127.0.0.0/8,::1,10.0.0.0/8"))),
    /** Replaced by TRUST_PROXY_HOPS ("true" trusted every hop, so a forged X-Forwarded-For chose the address); refused when set. */
    TRUST_PROXY: z.string().optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    /** Where built store sites live (one folder per store, `current` links the live build); defaults to {DATA_DIR}/sites. */
    SITES_DIR: z.string().min(1).optional(),
    /** Who delivers SMS: `console` logs them (and keeps the last code for the dev helpers); the others cost money. */
    SMS_PROVIDER: z.enum(SMS_PROVIDERS).default("console"),
    KAVENEGAR_API_KEY: z.string().trim().min(1).optional(),
    KAVENEGAR_BASE_URL: urlWithProtocol(["http:", "https:"]).default("https://api.kavenegar.com"),
    /** A verify/lookup template (`%token%` is the code); without one, codes go as plain sms/send text. */
    KAVENEGAR_OTP_TEMPLATE: z.string().trim().min(1).optional(),
    /** Line number to send from; the account's default line when unset. */
    KAVENEGAR_SENDER: z.string().trim().regex(/^\d+$/, "must be a line number (digits)").optional(),
    SMSIR_API_KEY: z.string().trim().min(1).optional(),
    SMSIR_BASE_URL: urlWithProtocol(["http:", "https:"]).default("https://api.sms.ir"),
    /** A verify template whose one parameter is named `Code`; without one, codes go as bulk text from SMSIR_LINE_NUMBER. */
    SMSIR_OTP_TEMPLATE_ID: z.coerce.number().int().positive().optional(),
    SMSIR_LINE_NUMBER: z.string().trim().regex(/^\d+$/, "must be a line number (digits)").optional(),
    /** Tries per SMS job, with exponential backoff from SMS_RETRY_DELAY_MS (defaults: 1+2+4+8 s, well inside a code's 2 minutes). */
    SMS_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    SMS_RETRY_DELAY_MS: z.coerce.number().int().min(1).max(600_000).default(1000),
    /** How long a placed order holds its stock for payment; then the order is cancelled and the stock returns. */
    ORDER_RESERVATION_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Encrypts stores' gateway credentials and Instagram tokens at rest (AES-256-GCM); any string, hashed to a key. Required in production. */
    PAYMENT_SECRET_KEY: z.string().min(32, "must be at least 32 characters; make one with `openssl rand -base64 48`").optional(),
    /**
     * Signs each store's Emalls webservice token (an HMAC of the store and the token's generation; none is stored), and
     * nothing else: rotating it renews every store's Emalls token and touches no sign-in. Required in production.
     */
    EMALLS_TOKEN_SECRET: z.string().min(32, "must be at least 32 characters; make one with `openssl rand -base64 48`").optional(),
    /** Offers the local sandbox gateway (our own payment page) to every store; on by default outside production. */
    PAYMENT_SANDBOX: booleanFromEnv.optional(),
    /** How long a gateway call may take before it counts as unanswered (a verify then waits for reconciliation). */
    PAYMENT_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    /** ZarinPal v4's host for the API and StartPay (https://sandbox.zarinpal.com for its sandbox). */
    ZARINPAL_BASE_URL: urlWithProtocol(["http:", "https:"]).default("https://payment.zarinpal.com"),
    /** Behpardakht Mellat's host (SOAP service and the startpay.mellat page the shopper's browser posts to). */
    MELLAT_BASE_URL: urlWithProtocol(["http:", "https:"]).default(GATEWAY_HOST_DEFAULTS.MELLAT_BASE_URL),
    /** Saman (SEP)'s host (token API and the OnlinePG page reached by a form post). */
    SAMAN_BASE_URL: urlWithProtocol(["http:", "https:"]).default(GATEWAY_HOST_DEFAULTS.SAMAN_BASE_URL),
    /** Parsian (PEC)'s host (NewIPG services and payment page). */
    PARSIAN_BASE_URL: urlWithProtocol(["http:", "https:"]).default(GATEWAY_HOST_DEFAULTS.PARSIAN_BASE_URL),
    /** The platform's Telegram bot (channel sync and the follower bot, from @BotFather); without one the bot idles and nothing is posted. */
    TELEGRAM_BOT_TOKEN: z
      .string()
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, "must look like 123456789:AA…, as @BotFather gives it")
      .optional(),
    /** Where the Bot API is reached: Telegram itself, or a relay that forwards `/bot<token>/<method>` (servers in Iran need one). */
    TELEGRAM_API_ROOT: urlWithProtocol(["http:", "https:"]).default("https://api.telegram.org"),
    /** A proxy for Bot API calls: http(s):// (CONNECT) or socks5:// (socks5h:// resolves names through the proxy). */
    TELEGRAM_PROXY_URL: urlWithProtocol(["http:", "https:", "socks:", "socks4:", "socks4a:", "socks5:", "socks5h:"]).optional(),
    /** The public address Telegram posts updates to (https://…/api/v1/telegram/webhook); unset, the bot process long-polls. */
    TELEGRAM_WEBHOOK_URL: urlWithProtocol(["http:", "https:"]).optional(),
    /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every update; the webhook refuses requests without it. */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
    /** How long channel sync and Instagram publishing wait after a change for more: a burst of edits (or photos) makes one post or edit. */
    SOCIAL_SYNC_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    /** Messages per minute to one channel, across every worker replica (Telegram allows about 20). */
    TELEGRAM_CHANNEL_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(60).default(20),
    /** Torob's public key (Ed25519: PEM, or the raw 32 bytes in base64) that verifies its webservice tokens; without it the webservice refuses every call. */
    TOROB_PUBLIC_KEY: z.string().trim().min(1).optional(),
    /** The Instagram Graph API, with its version, for accounts connected with a pasted token (Instagram API with Facebook Login). */
    INSTAGRAM_GRAPH_URL: urlWithProtocol(["http:", "https:"]).default("https://graph.facebook.com/v21.0"),
    /**
     * The platform's Meta app for "Instagram API with Instagram Login" (PROTOCOLS.md §8): its Instagram app id and
     * secret. Without them the back office's «اتصال به اینستاگرام» says the connection is not set up; set both or neither.
     */
    INSTAGRAM_APP_ID: z
      .string()
      .trim()
      .regex(/^\d{5,25}$/, "must be the Instagram app id (digits)")
      .optional(),
    INSTAGRAM_APP_SECRET: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{16,128}$/, "must be the Instagram app secret (16–128 letters and digits)")
      .optional(),
    /** Where the merchant authorizes the app and the code is exchanged (`/oauth/authorize`, `/oauth/access_token`). */
    INSTAGRAM_OAUTH_URL: urlWithProtocol(["http:", "https:"]).default("https://api.instagram.com"),
    /** Instagram Login's Graph host: long-lived tokens (`/access_token`, `/refresh_access_token`) and publishing for accounts connected by login. */
    INSTAGRAM_API_URL: urlWithProtocol(["http:", "https:"]).default("https://graph.instagram.com"),
    /** The redirect URI registered on the app, exactly; defaults to {PUBLIC_URL}/admin/instagram/callback. */
    INSTAGRAM_REDIRECT_URI: urlWithProtocol(["http:", "https:"]).optional(),
    /** The worker refreshes a long-lived Instagram token this many days before it expires (a token under a day old cannot be refreshed). */
    INSTAGRAM_TOKEN_REFRESH_DAYS: z.coerce.number().int().min(1).max(55).default(10),
    /** Where media files live: `local` (a folder, served at /media) or any S3-compatible store (MinIO). */
    MEDIA_STORAGE: z.enum(["local", "s3"]).default("local"),
    /** The local driver's folder; defaults to {DATA_DIR}/media. */
    MEDIA_DIR: z.string().min(1).optional(),
    /** Base URL of public media files (a CDN, or the bucket's public address); defaults to /media locally and {S3_ENDPOINT}/{S3_BUCKET} on S3. */
    MEDIA_PUBLIC_URL: z.string().trim().min(1).optional(),
    MEDIA_MAX_IMAGE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(15 * 1024 * 1024),
    MEDIA_MAX_VIDEO_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(200 * 1024 * 1024),
    /** Width × height above which an image is refused before it is decoded (image bombs). */
    MEDIA_MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).default(100_000_000),
    S3_ENDPOINT: urlWithProtocol(["http:", "https:"]).optional(),
    S3_BUCKET: z.string().trim().min(1).optional(),
    S3_REGION: z.string().trim().min(1).default("us-east-1"),
    S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** MinIO and most self-hosted stores want path-style addresses (endpoint/bucket/key). */
    S3_FORCE_PATH_STYLE: booleanFromEnv.default(true),
    /** A ClamAV daemon to scan every upload; with neither a host nor a socket, uploads are not scanned. */
    CLAMD_HOST: z.string().trim().min(1).optional(),
    CLAMD_PORT: z.coerce.number().int().min(1).max(65535).default(3310),
    CLAMD_SOCKET: z.string().min(1).optional(),
    CLAMD_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
    /**
     * Where the back office's bundle of custom components is written (and read from); defaults to {DATA_DIR}/adminjs.
     * AdminJS's own default is the dot-folder `.adminjs`, which Express 5's `sendFile` refuses to serve.
     */
    ADMIN_JS_TMP_DIR: z.string().min(1).optional(),
    /** Signs the back office's session cookie; derived from JWT_SECRET when unset. */
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters; make one with `openssl rand -base64 48`").optional(),
  })
  .superRefine((config, ctx) => {
    if (config.TRUST_PROXY !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["TRUST_PROXY"],
        message: "is no longer read: set TRUST_PROXY_HOPS to the number of proxies in front of the server (1 behind Mall's nginx)",
      });
    }
    // Production never runs on a secret someone else knows: one missing, short or published value stops the start, naming it.
    if (config.NODE_ENV === "production") {
      for (const name of PRODUCTION_SECRETS) {
        const value = config[name];
        const problem = value === undefined ? "is required in production" : weakSecret(value, 32);
        if (problem) ctx.addIssue({ code: "custom", path: [name], message: `${problem}; ${SECRET_HINT}` });
      }
      for (const name of OPTIONAL_SECRETS) {
        const value = config[name];
        const problem = value === undefined ? undefined : weakSecret(value, name === "S3_SECRET_ACCESS_KEY" ? 16 : 32);
        if (problem) ctx.addIssue({ code: "custom", path: [name], message: `${problem}; ${SECRET_HINT}` });
      }
    }
    // The Emalls key is a secret of its own: the same value as the sign-in secret would make it one secret again.
    if (config.EMALLS_TOKEN_SECRET !== undefined && config.EMALLS_TOKEN_SECRET === config.JWT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["EMALLS_TOKEN_SECRET"], message: `must differ from JWT_SECRET; ${SECRET_HINT}` });
    }
    // A provider chosen without its credentials would only fail later, one SMS at a time.
    if (config.SMS_PROVIDER === "kavenegar" && !config.KAVENEGAR_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["KAVENEGAR_API_KEY"], message: "is required when SMS_PROVIDER is kavenegar" });
    }
    if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "is required when TELEGRAM_WEBHOOK_URL is set" });
    }
    if (Boolean(config.INSTAGRAM_APP_ID) !== Boolean(config.INSTAGRAM_APP_SECRET)) {
      const missing = config.INSTAGRAM_APP_ID ? "INSTAGRAM_APP_SECRET" : "INSTAGRAM_APP_ID";
      ctx.addIssue({ code: "custom", path: [missing], message: "is required with the other INSTAGRAM_APP_* value" });
    }
    if (config.MEDIA_STORAGE === "s3" && !config.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "is required when MEDIA_STORAGE is s3" });
    }
    if (Boolean(config.PLATFORM_TLS_CERT_FILE) !== Boolean(config.PLATFORM_TLS_KEY_FILE)) {
      const missing = config.PLATFORM_TLS_CERT_FILE ? "PLATFORM_TLS_KEY_FILE" : "PLATFORM_TLS_CERT_FILE";
      ctx.addIssue({ code: "custom", path: [missing], message: "is required with the other PLATFORM_TLS_* file" });
    }
    if (config.SMS_PROVIDER === "smsir") {
      if (!config.SMSIR_API_KEY)
        ctx.addIssue({ code: "custom", path: ["SMSIR_API_KEY"], message: "is required when SMS_PROVIDER is smsir" });
      else if (!config.SMSIR_OTP_TEMPLATE_ID && !config.SMSIR_LINE_NUMBER) {
        ctx.addIssue({
          code: "custom",
          path: ["SMSIR_OTP_TEMPLATE_ID"],
          message: "or SMSIR_LINE_NUMBER is required when SMS_PROVIDER is smsir",
        });
      }
    }
  })
  .transform((config) => ({
    ...config,
    MEDIA_DIR: config.MEDIA_DIR ?? `${config.DATA_DIR}/media`,
    SITES_DIR: config.SITES_DIR ?? `${config.DATA_DIR}/sites`,
    SSL_DIR: config.SSL_DIR ?? `${config.DATA_DIR}/ssl`,
    NGINX_DOMAINS_DIR: config.NGINX_DOMAINS_DIR ?? `${config.DATA_DIR}/nginx/domains`,
    JWT_SECRET: config.JWT_SECRET ?? "development-only-secret-change-me-in-production",
    ADMIN_JS_TMP_DIR: config.ADMIN_JS_TMP_DIR ?? `${config.DATA_DIR}/adminjs`,
    // Its own label, so the cookie key and the token key are never the same key.
    SESSION_SECRET:
      config.SESSION_SECRET ??
      createHmac("sha256", config.JWT_SECRET ?? "development-only-secret-change-me-in-production")
        .update("mall:admin-session:v1")
        .digest("hex"),
    PUBLIC_URL: config.PUBLIC_URL ?? `http://${config.PLATFORM_DOMAIN}:${config.PORT}`,
    PAYMENT_SECRET_KEY: config.PAYMENT_SECRET_KEY ?? "development-only-payment-key-change-me-in-production",
    EMALLS_TOKEN_SECRET: config.EMALLS_TOKEN_SECRET ?? "development-only-emalls-key-change-me-in-production",
    INSTAGRAM_REDIRECT_URI:
      config.INSTAGRAM_REDIRECT_URI ?? `${config.PUBLIC_URL ?? `http://${config.PLATFORM_DOMAIN}:${config.PORT}`}/admin/instagram/callback`,
    PAYMENT_SANDBOX: config.PAYMENT_SANDBOX ?? config.NODE_ENV !== "production",
  }));

export type Config = z.output<typeof configSchema>;

/** `10.1.2.3`, `::1`, `10.0.0.0/8`, `fd00::/8`: an IP address with an optional prefix length that fits its family. */
function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Thrown when the environment is invalid; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Configuration error: ${variable} ${detail}`);
    this.name = "ConfigError";
  }
}

/** Validates an environment; throws a ConfigError naming the first bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set", as it does in docker-compose files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  // Operators read these lines: English, whatever locale the rest of the platform uses.
  const result = configSchema.safeParse(present, { error: z.locales.en().localeError });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const got = present[variable];
    const shown = got === undefined ? "" : ` (got "${/SECRET|KEY|PASSWORD|TOKEN/.test(variable) ? "***" : got}")`;
    throw new ConfigError(variable, `${issue.message.replace(/^Invalid input: /, "")}${shown}`);
  }
  return result.data;
}

let loaded: Config | undefined;

/** The process's configuration, read from process.env on first use. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}

/**
 * Reads the configuration for a process entry point; on a bad variable it
 * prints one line and exits, because a stack trace would hide the one fact
 * the operator needs.
 */
export function configOrExit(): Config {
  try {
    return config();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
