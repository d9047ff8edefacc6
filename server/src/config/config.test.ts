import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config.js";

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("works on a laptop with no variables set", () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/mall");
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(config.PLATFORM_DOMAIN).toBe("mall.localhost");
    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_URL).toBe("http://mall.localhost:3000");
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

  it("never prints a secret's value", () => {
    expect(errorOf({ JWT_SECRET: "tiny-secret" }).message).not.toContain("tiny-secret");
    expect(errorOf({ KAVENEGAR_API_KEY: " " }).message).toContain('(got "***")');
  });

  it("sends SMS to the console by default, and takes a provider with its credentials", () => {
    expect(parseConfig({}).SMS_PROVIDER).toBe("console");
    const kavenegar = parseConfig({ SMS_PROVIDER: "kavenegar", KAVENEGAR_API_KEY: "abc" });
    expect(kavenegar.KAVENEGAR_BASE_URL).toBe("https://api.kavenegar.com");
    const smsir = parseConfig({ SMS_PROVIDER: "smsir", SMSIR_API_KEY: "abc", SMSIR_OTP_TEMPLATE_ID: "100000" });
    expect(smsir).toMatchObject({ SMSIR_BASE_URL: "https://api.sms.ir", SMSIR_OTP_TEMPLATE_ID: 100000, SMS_RETRY_ATTEMPTS: 5 });
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ PORT: "" }).PORT).toBe(3000);
  });
});
