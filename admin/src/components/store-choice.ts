import { ApiClient, useTranslation, type EditPropertyProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import { DS, h, valueOf } from "./ui.js";

interface Choice {
  id: string;
  title: string;
}

const api = new ApiClient();

/**
 * The store a new row goes to, from the stores the person reaches (the
 * stores resource's search, scoped on the server). With one store it is
 * chosen already; a saved row's store is shown, never moved.
 */
const StoreChoice: React.FC<EditPropertyProps> = ({ property, record, resource, onChange }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const [stores, setStores] = useState<Choice[] | null>(null);
  const value = String(record.params[property.path] ?? "");
  const error = record.errors?.[property.path];

  useEffect(() => {
    api.searchRecords({ resourceId: "stores", query: "" }).then((records) => {
      const choices = records.map((found) => ({ id: String(found.id), title: String(found.title) }));
      setStores(choices);
      if (!value && !record.id && choices.length === 1) onChange(property.path, choices[0]!.id);
    });
  }, []);

  const label = translateProperty(property.label, resource.id);
  if (!stores) return h(DS.FormGroup, null, h(DS.Label, null, label), h(DS.Loader, null));
  const chosen = stores.find((store) => store.id === value);
  if (record.id || stores.length === 1) {
    return h(
      DS.FormGroup,
      null,
      h(DS.Label, { as: "span" }, label),
      h(DS.Text, { "data-testid": "store-choice" }, chosen?.title ?? String(record.populated?.[property.path]?.title ?? "—")),
    );
  }
  return h(
    DS.FormGroup,
    { error: Boolean(error) },
    h(DS.Label, { htmlFor: property.path, required: true }, label),
    h(
      "select",
      {
        id: property.path,
        name: property.path,
        className: "mall-select",
        value,
        "data-testid": "store-choice",
        onChange: (event: unknown) => onChange(property.path, valueOf(event)),
      },
      h("option", { value: "" }, "فروشگاه را انتخاب کنید"),
      ...stores.map((store) => h("option", { key: store.id, value: store.id }, store.title)),
    ),
    h(DS.FormMessage, null, error ? translateMessage(error.message, resource.id) : null),
  );
};

export default StoreChoice;
