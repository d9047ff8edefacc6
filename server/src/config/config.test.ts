import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

/** A laptop says it is one; without NODE_ENV the configuration is production's. */
const DEV = { NODE_ENV: "development" };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig({ ...DEV, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("is production when NODE_ENV is not set: secrets required, no sandbox gateway", () => {
    let error: unknown;
    try {
      parseConfig({});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      "Configuration error: JWT_SECRET is required in production; make one with `openssl rand -base64 48`",
    );
    const secrets = {
      JWT_SECRET: "Qm9vZ3VzLXJhbmRvbS1sb29raW5nLXN0cmluZy0xMjM0NTY3OA",
      PAYMENT_SECRET_KEY: "c2Vjb25kLXJhbmRvbS1sb29raW5nLXN0cmluZy0wOTg3NjU0",
      EMALLS_TOKEN_SECRET: "dGhpcmQtcmFuZG9tLWxvb2tpbmctc3RyaW5nLTU1NTEyMzQ",
    };
    expect(parseConfig(secrets)).toMatchObject({ NODE_ENV: "production", PAYMENT_SANDBOX: false });
  });

  it("works on a laptop that says NODE_ENV=development and nothing else", () => {
    const config = parseConfig(DEV);
    expect(config.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/mall");
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(config.PLATFORM_DOMAIN).toBe("mall.localhost");
    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_URL).toBe("http://mall.localhost:3000");
  });

  it("takes Instagram Login's app as a pair, with the callback under PUBLIC_URL unless a redirect URI is given", () => {
    expect(errorOf({ INSTAGRAM_APP_ID: "990011223344556" }).message).toBe(
      "Configuration error: INSTAGRAM_APP_SECRET is required with the other INSTAGRAM_APP_* value",
    );
    expect(errorOf({ INSTAGRAM_APP_ID: "my-app", INSTAGRAM_APP_SECRET: "0123456789abcdef0123" }).variable).toBe("INSTAGRAM_APP_ID");
    expect(errorOf({ INSTAGRAM_OAUTH_URL: "ftp://instagram" }).variable).toBe("INSTAGRAM_OAUTH_URL");
    expect(errorOf({ INSTAGRAM_TOKEN_REFRESH_DAYS: "60" }).variable).toBe("INSTAGRAM_TOKEN_REFRESH_DAYS");
    const config = parseConfig({ ...DEV, PUBLIC_URL: "https://mall.ir" });
    expect(config).toMatchObject({
      INSTAGRAM_OAUTH_URL: "https://api.instagram.com",
      INSTAGRAM_API_URL: "https://graph.instagram.com",
      INSTAGRAM_REDIRECT_URI: "https://mall.ir/admin/instagram/callback",
      INSTAGRAM_TOKEN_REFRESH_DAYS: 10,
    });
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/mall" }, "DATABASE_URL"],
    [{ REDIS_URL: "not a url" }, "REDIS_URL"],
    [{ PLATFORM_DOMAIN: "bad domain!" }, "PLATFORM_DOMAIN"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ CORS_ORIGINS: "https://ok.example,nonsense" }, "CORS_ORIGINS"],
    [{ NODE_ENV: "production" }, "JWT_SECRET"],
    [{ JWT_SECRET: "short" }, "JWT_SECRET"],
    [{ SMS_PROVIDER: "twilio" }, "SMS_PROVIDER"],
    [{ SMS_PROVIDER: "kavenegar" }, "KAVENEGAR_API_KEY"],
    [{ SMS_PROVIDER: "smsir" }, "SMSIR_API_KEY"],
    [{ SMS_PROVIDER: "smsir", SMSIR_API_KEY: "k" }, "SMSIR_OTP_TEMPLATE_ID"],
    [{ SMSIR_OTP_TEMPLATE_ID: "abc" }, "SMSIR_OTP_TEMPLATE_ID"],
    [{ KAVENEGAR_BASE_URL: "ftp://api.kavenegar.com" }, "KAVENEGAR_BASE_URL"],
  ])("names the bad variable in one line: %o", (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`Configuration error: ${variable} `)).toBe(true);
    expect(error.message).not.toContain("\n");
  });

  it("refuses to start production on a missing, short, published or guessable secret, naming it in one line", () => {
    const good = {
      NODE_ENV: "production",
      JWT_SECRET: "Qm9vZ3VzLXJhbmRvbS1sb29raW5nLXN0cmluZy0xMjM0NTY3OA",
      PAYMENT_SECRET_KEY: "c2Vjb25kLXJhbmRvbS1sb29raW5nLXN0cmluZy0wOTg3NjU0",
      EMALLS_TOKEN_SECRET: "dGhpcmQtcmFuZG9tLWxvb2tpbmctc3RyaW5nLTU1NTEyMzQ",
    };
    expect(() => parseConfig(good)).not.toThrow();
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ ...good, JWT_SECRET: "" }, "JWT_SECRET", /is required in production/],
      [{ ...good, PAYMENT_SECRET_KEY: "" }, "PAYMENT_SECRET_KEY", /is required in production/],
      [{ ...good, EMALLS_TOKEN_SECRET: "" }, "EMALLS_TOKEN_SECRET", /is required in production/],
      [
        { ...good, EMALLS_TOKEN_SECRET: "development-only-emalls-key-change-me-in-production" },
        "EMALLS_TOKEN_SECRET",
        /published example value/,
      ],
      // Not the sign-in secret again under another name.
      [
        { ...good, EMALLS_TOKEN_SECRET: "Qm9vZ3VzLXJhbmRvbS1sb29raW5nLXN0cmluZy0xMjM0NTY3OA" },
        "EMALLS_TOKEN_SECRET",
        /must differ from JWT_SECRET/,
      ],
      [{ ...good, JWT_SECRET: "x7Rk2pQ9" }, "JWT_SECRET", /at least 32 characters/],
      // What docker-compose.yml used to default to, and what the code falls back to outside production.
      [{ ...good, JWT_SECRET: "change-me-to-a-long-random-secret-value" }, "JWT_SECRET", /published example value/],
      [{ ...good, PAYMENT_SECRET_KEY: "change-me-to-a-long-random-payment-key" }, "PAYMENT_SECRET_KEY", /published example value/],
      [{ ...good, JWT_SECRET: "development-only-secret-change-me-in-production" }, "JWT_SECRET", /published example value/],
      [{ ...good, PAYMENT_SECRET_KEY: "a".repeat(40) }, "PAYMENT_SECRET_KEY", /too easy to guess/],
      [{ ...good, SESSION_SECRET: "0123456789".repeat(2) }, "SESSION_SECRET", /at least 32 characters/],
      [{ ...good, S3_SECRET_ACCESS_KEY: "mall-minio-secret" }, "S3_SECRET_ACCESS_KEY", /published example value/],
    ];
    for (const [env, variable, problem] of cases) {
      const error = errorOf(env);
      expect(error.variable).toBe(variable);
      expect(error.message).toMatch(problem);
      expect(error.message).toContain("openssl rand");
      expect(error.message).not.toContain("\n");
      if (env[variable]) expect(error.message).not.toContain(env[variable]);
    }
  });

  it("never prints a secret's value", () => {
    expect(errorOf({ JWT_SECRET: "tiny-secret" }).message).not.toContain("tiny-secret");
    expect(errorOf({ KAVENEGAR_API_KEY: " " }).message).toContain('(got "***")');
  });

  it("sends SMS to the console by default, and takes a provider with its credentials", () => {
    expect(parseConfig(DEV).SMS_PROVIDER).toBe("console");
    const kavenegar = parseConfig({ ...DEV, SMS_PROVIDER: "kavenegar", KAVENEGAR_API_KEY: "abc" });
    expect(kavenegar.KAVENEGAR_BASE_URL).toBe("https://api.kavenegar.com");
    const smsir = parseConfig({ ...DEV, SMS_PROVIDER: "smsir", SMSIR_API_KEY: "abc", SMSIR_OTP_TEMPLATE_ID: "100000" });
    expect(smsir).toMatchObject({ SMSIR_BASE_URL: "https://api.sms.ir", SMSIR_OTP_TEMPLATE_ID: 100000, SMS_RETRY_ATTEMPTS: 5 });
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ ...DEV, PORT: "" }).PORT).toBe(3000);
  });
});
