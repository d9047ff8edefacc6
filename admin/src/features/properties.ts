import type { ActionContext, PropertyOptions } from "adminjs";
import type { AdminUser } from "../access.js";
import { Components } from "../components.js";

/**
 * Property options every resource shares: dates in the Jalali calendar
 * (Asia/Tehran), amounts in Tomans with Persian digits, counts in Persian
 * digits, and the read-only and hidden shapes.
 */
export const readOnly: PropertyOptions = { isVisible: { list: true, show: true, edit: false, filter: true } };
export const showOnly: PropertyOptions = { isVisible: { list: false, show: true, edit: false, filter: false } };
export const hidden: PropertyOptions = { isVisible: false };

export const jalaliDate: PropertyOptions = {
  ...readOnly,
  components: { list: Components.JalaliDate, show: Components.JalaliDate },
};

export function timestamps(): Record<string, PropertyOptions> {
  return {
    createdAt: { ...jalaliDate, position: 900 },
    updatedAt: { ...jalaliDate, isVisible: { list: false, show: true, edit: false, filter: false }, position: 901 },
  };
}

/** An amount of Rials, read and typed in Tomans. */
export const toman: PropertyOptions = {
  components: { list: Components.TomanValue, show: Components.TomanValue, edit: Components.TomanInput },
};

/** A count in Persian digits, on lists, pages and forms (typed in Persian or Latin digits). */
export const persianNumber: PropertyOptions = {
  components: { list: Components.PersianNumber, show: Components.PersianNumber, edit: Components.PersianNumberInput },
};

/** The store a row belongs to: chosen when it is made (a merchant with one store needn't choose), never moved. */
export const storeReference: PropertyOptions = {
  isVisible: { list: true, show: true, edit: false, filter: true },
  position: 1,
};

/** The store a new row goes to, editable on the form: preselected when the person has one store, shown (not moved) on a saved row. */
export const storeChoice: PropertyOptions = {
  ...storeReference,
  isVisible: { list: false, show: true, edit: true, filter: true },
  components: { edit: Components.StoreChoice },
};

/** What staff see and merchants don't (the navigation and buttons; the resources enforce it regardless). */
export function isStaff({ currentAdmin }: Pick<ActionContext, "currentAdmin">): boolean {
  return Boolean((currentAdmin as AdminUser | undefined)?.isStaff);
}

export const staffOnly = { isAccessible: isStaff, isVisible: isStaff };
export const nobody = { isAccessible: false, isVisible: false };
