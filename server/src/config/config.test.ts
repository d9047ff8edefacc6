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
  ])("names the bad variable in one line: %o", (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`Configuration error: ${variable} `)).toBe(true);
    expect(error.message).not.toContain("\n");
  });

  it("never prints a secret's value", () => {
    expect(errorOf({ JWT_SECRET: "tiny-secret" }).message).not.toContain("tiny-secret");
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ PORT: "" }).PORT).toBe(3000);
  });
});
