import type { Actor } from "../core/context.js";
import type { StoreRef } from "../tenancy/tenancy.schemas.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The store this request is for, set by requireStore. */
      store?: StoreRef;
      /** Who is signed in, set by requireAuth; absent means anonymous. */
      actor?: Actor;
    }
  }
}

export {};
