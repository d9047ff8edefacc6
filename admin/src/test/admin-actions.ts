import type { ProcessPlatform } from "@mall/server/main/platform.js";
import AdminJS from "adminjs";
import { AccessCache } from "../access.js";
import { adminOptions } from "../index.js";

interface RegisteredAction {
  resource: string;
  action: string;
  type: "resource" | "record" | "bulk";
}

/** The actions of every resource, as the AdminJS instance the server mounts registers them (the same options). */
export function registeredActions(platform: ProcessPlatform): RegisteredAction[] {
  const admin = new AdminJS(adminOptions({ platform, access: new AccessCache(() => platform.dataSource.manager) }));
  return admin.resources.flatMap((resource) => {
    const decorated = resource.decorate();
    // The decorator keeps the action's options (its actionType among them) in a field its types call private.
    return Object.values(decorated.actions).map((action) => ({
      resource: decorated.id(),
      action: action.name,
      type: (action as unknown as { action: { actionType: RegisteredAction["type"] } }).action.actionType,
    }));
  });
}
