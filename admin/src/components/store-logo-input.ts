import { useTranslation, type EditPropertyProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { DS, fileOf, filePicker, h, rootPath } from "./ui.js";

/** The store's logo on its settings form: uploaded at once through the media service, shown once processed. */
const StoreLogoInput: React.FC<EditPropertyProps> = ({ property, record, resource }) => {
  const { translateProperty } = useTranslation();
  const [state, setState] = useState<{ busy: boolean; message: string | null; error: string | null }>({
    busy: false,
    message: null,
    error: null,
  });
  const current = record.params[property.path];

  const upload = async (event: unknown) => {
    const file = fileOf(event);
    if (!file || !record.id) return;
    setState({ busy: true, message: null, error: null });
    const form = new FormData();
    form.append("file", file);
    const response = await fetch(`${rootPath()}/uploads/stores/${String(record.id)}/logo`, {
      method: "POST",
      body: form,
      credentials: "same-origin",
    });
    if (response.ok) setState({ busy: false, message: "لوگو دریافت شد و پس از پردازش نمایش داده می‌شود.", error: null });
    else {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      setState({ busy: false, message: null, error: body.error?.message ?? "بارگذاری انجام نشد؛ لطفاً دوباره تلاش کنید." });
    }
  };

  return h(
    DS.FormGroup,
    { error: Boolean(state.error) },
    h(DS.Label, { htmlFor: "logo-file" }, translateProperty(property.label, resource.id)),
    current ? h("img", { src: String(current), alt: "", className: "mall-logo" }) : null,
    filePicker({
      id: "logo-file",
      name: "logo-file",
      accept: "image/jpeg,image/png,image/webp,image/avif",
      onChange: upload,
      disabled: state.busy,
      label: state.busy ? "در حال بارگذاری…" : current ? "تعویض لوگو" : "انتخاب تصویر لوگو",
    }),
    h(DS.FormMessage, null, state.error ?? state.message),
  );
};

export default StoreLogoInput;
