import { describe, expect, it } from "vitest";
import { InvalidPhoneError, requirePhone } from "./phone.js";

describe("requirePhone", () => {
  it("explains the rejection in Persian and names the field", () => {
    expect(() => requirePhone("123", "ownerPhone")).toThrow(InvalidPhoneError);
    try {
      requirePhone("123", "ownerPhone");
    } catch (error) {
      expect((error as InvalidPhoneError).field).toBe("ownerPhone");
      expect((error as InvalidPhoneError).message).toMatch(/شمارهٔ همراه/);
    }
  });
});
