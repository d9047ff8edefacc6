import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";

const test = useTestPlatform();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

const refresh = (refreshToken: unknown) => server.request("POST", "/api/v1/auth/refresh-token", { body: { refreshToken } });
const me = (accessToken: string) => server.request("GET", "/api/v1/auth/me", { headers: { Authorization: `Bearer ${accessToken}` } });
const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

async function tokenRow(token: string) {
  const [row] = await test.platform.dataSource.query(`SELECT * FROM refresh_tokens WHERE token_hash = $1`, [sha256(token)]);
  return row;
}

describe("refresh tokens", () => {
  it("are stored only as a hash", async () => {
    const { refreshToken } = await signInThroughApi(server, test.platform);
    const rows = await test.platform.dataSource.query(`SELECT token_hash FROM refresh_tokens WHERE token_hash = $1 OR token_hash = $2`, [
      refreshToken,
      sha256(refreshToken),
    ]);
    expect(rows).toEqual([{ token_hash: sha256(refreshToken) }]);
  });

  it("rotate: a refresh gives a new pair in the same sign-in and uses up the old token", async () => {
    const first = await signInThroughApi(server, test.platform);
    const res = await refresh(first.refreshToken);
    expect(res.status).toBe(200);
    expect(res.body.refreshToken).not.toBe(first.refreshToken);
    expect(res.body.user.id).toBe(first.user.id);
    expect((await me(res.body.accessToken)).status).toBe(200);

    const old = await tokenRow(first.refreshToken);
    const next = await tokenRow(res.body.refreshToken);
    expect(old.used_at).not.toBeNull();
    expect(old.replaced_by).toBe(next.id);
    expect(next.family_id).toBe(old.family_id);
    expect(new Date(next.expires_at).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
  });

  it("a reused token ends the whole sign-in: the thief's copy and the owner's newer token both stop working", async () => {
    const signIn = await signInThroughApi(server, test.platform);
    const rotated = await refresh(signIn.refreshToken);
    const rotatedAgain = await refresh(rotated.body.refreshToken);
    expect(rotatedAgain.status).toBe(200);

    const reuse = await refresh(signIn.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe("refresh_token_reused");
    expect(reuse.body.error.message).toContain("دوباره وارد شوید");

    const newest = await refresh(rotatedAgain.body.refreshToken);
    expect(newest.status).toBe(401);
    expect(newest.body.error.code).toBe("refresh_token_invalid");
    const family = await test.platform.dataSource.query(
      `SELECT revoked_at FROM refresh_tokens WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [sha256(signIn.refreshToken)],
    );
    expect(family).toHaveLength(3);
    expect(family.every((row: { revoked_at: Date | null }) => row.revoked_at !== null)).toBe(true);
  });

  it("of two refreshes racing with one token, one wins and the other counts as a reuse (no grace window)", async () => {
    const signIn = await signInThroughApi(server, test.platform);
    const results = await Promise.all([refresh(signIn.refreshToken), refresh(signIn.refreshToken)]);
    expect(results.map((res) => res.status).sort()).toEqual([200, 401]);
    expect(results.find((res) => res.status === 401)!.body.error.code).toBe("refresh_token_reused");
    const winner = results.find((res) => res.status === 200)!;
    expect((await refresh(winner.body.refreshToken)).status).toBe(401);
  });

  it("a reuse ends only that sign-in, not the same person's other ones", async () => {
    const phone = (await signInThroughApi(server, test.platform)).phone;
    const phoneSession = await signInThroughApi(server, test.platform, { phone });
    const laptopSession = await signInThroughApi(server, test.platform, { phone });
    await refresh(phoneSession.refreshToken);
    expect((await refresh(phoneSession.refreshToken)).status).toBe(401);
    expect((await refresh(laptopSession.refreshToken)).status).toBe(200);
  });

  it("answers an expired token with 401 refresh_token_expired", async () => {
    const { refreshToken } = await signInThroughApi(server, test.platform);
    await test.platform.dataSource.query(`UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      sha256(refreshToken),
    ]);
    const res = await refresh(refreshToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("refresh_token_expired");
  });

  it("answers a well-formed token nobody issued with 401", async () => {
    const res = await refresh("A".repeat(43));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("refresh_token_invalid");
  });

  it.each([[""], ["short"], [12345], ["A".repeat(42) + "!"]])(
    "answers a malformed token %j with 400 naming refreshToken",
    async (token) => {
      const res = await refresh(token);
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe("refreshToken");
    },
  );

  it("answers no token at all (none in the body, no cookie) with 401: there is no sign-in to refresh", async () => {
    const res = await refresh(undefined);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("refresh_token_invalid");
  });
});

describe("signing out", () => {
  it("revokes the sign-in: its refresh token, and any rotated from it, stop working", async () => {
    const signIn = await signInThroughApi(server, test.platform);
    const rotated = await refresh(signIn.refreshToken);
    const out = await server.request("POST", "/api/v1/auth/logout", { body: { refreshToken: rotated.body.refreshToken } });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signedOut: true });
    const after = await refresh(rotated.body.refreshToken);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("refresh_token_invalid");
  });

  it("is idempotent and reveals nothing about unknown tokens", async () => {
    const signIn = await signInThroughApi(server, test.platform);
    for (const token of [signIn.refreshToken, signIn.refreshToken, "B".repeat(43)]) {
      const res = await server.request("POST", "/api/v1/auth/logout", { body: { refreshToken: token } });
      expect(res.status).toBe(200);
    }
  });

  it("answers a missing token with 400 naming refreshToken", async () => {
    const res = await server.request("POST", "/api/v1/auth/logout", { body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("refreshToken");
  });
});
