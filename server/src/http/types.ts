import type { StoreRef } from "../tenancy/tenancy.schemas.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The store this request is for, set by requireStore. */
      store?: StoreRef;
    }
  }
}

export {};
