import { useState, type FormEvent } from "react";
import { findProvince, postalCodeProblem, PROVINCES, toPersianDigits } from "@mall/locale";
import { ApiError, authedApi } from "./api.ts";
import { FieldError, inputClass, primaryButton } from "./ui.tsx";

export interface SavedAddress {
  id: string;
  label: string;
  receiverName: string;
  mobile: string;
  provinceId: number;
  provinceName: string;
  cityId: number;
  cityName: string;
  line: string;
  postalCode: string;
}

interface Draft {
  label: string;
  receiverName: string;
  mobile: string;
  provinceId: string;
  cityId: string;
  line: string;
  postalCode: string;
}

/**
 * A new Iranian address: province, then one of its cities, from the same
 * list the server checks against; the postal code is checked here with the
 * server's own rule first. Saved to the shopper's addresses at this store;
 * the server's Persian message shows next to the field it names.
 */
export default function AddressForm({
  storeSlug,
  onSaved,
  phone,
}: {
  storeSlug: string;
  onSaved: (address: SavedAddress) => void;
  phone?: string | undefined;
}) {
  const [draft, setDraft] = useState<Draft>({
    label: "",
    receiverName: "",
    mobile: phone ? phone.replace(/^\+98/, "0") : "",
    provinceId: "",
    cityId: "",
    line: "",
    postalCode: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const cities = draft.provinceId ? (findProvince(Number(draft.provinceId))?.cities ?? []) : [];
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setDraft((d) => ({ ...d, [field]: value, ...(field === "provinceId" ? { cityId: "" } : {}) }));
    setErrors((e) => ({ ...e, [field]: "" }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = draft.postalCode ? postalCodeProblem(draft.postalCode) : null;
    if (problem) {
      setErrors({ postalCode: problem });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const saved = await authedApi<SavedAddress>(storeSlug, "POST", "/me/addresses", {
        label: draft.label,
        receiverName: draft.receiverName,
        mobile: draft.mobile,
        provinceId: draft.provinceId === "" ? undefined : Number(draft.provinceId),
        cityId: draft.cityId === "" ? undefined : Number(draft.cityId),
        line: draft.line,
        postalCode: draft.postalCode,
      });
      onSaved(saved);
    } catch (error) {
      const field = error instanceof ApiError && error.field && error.field in draft ? error.field : "form";
      setErrors({ [field]: error instanceof Error ? error.message : "خطایی رخ داد." });
    } finally {
      setBusy(false);
    }
  };

  const text = (field: keyof Draft, label: string, props: Record<string, unknown> = {}) => (
    <label className="block">
      <span className="mb-1 block text-sm font-bold">{label}</span>
      <input
        name={field}
        value={draft[field]}
        onChange={set(field)}
        aria-invalid={errors[field] ? true : undefined}
        className={inputClass(Boolean(errors[field]))}
        {...props}
      />
      <FieldError message={errors[field]} />
    </label>
  );

  return (
    <form onSubmit={(e) => void submit(e)} className="grid gap-4 sm:grid-cols-2" noValidate data-testid="address-form">
      {text("receiverName", "نام و نام خانوادگی گیرنده", { autoComplete: "name" })}
      {text("mobile", "شمارهٔ همراه گیرنده", {
        type: "tel",
        inputMode: "tel",
        dir: "ltr",
        autoComplete: "tel",
        placeholder: "۰۹۱۲ ۱۲۳ ۴۵۶۷",
      })}
      <label className="block">
        <span className="mb-1 block text-sm font-bold">استان</span>
        <select
          name="provinceId"
          value={draft.provinceId}
          onChange={set("provinceId")}
          aria-invalid={errors.provinceId ? true : undefined}
          className={inputClass(Boolean(errors.provinceId))}
        >
          <option value="">انتخاب استان</option>
          {PROVINCES.map((province) => (
            <option key={province.id} value={province.id}>
              {province.name}
            </option>
          ))}
        </select>
        <FieldError message={errors.provinceId} />
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-bold">شهر</span>
        <select
          name="cityId"
          value={draft.cityId}
          onChange={set("cityId")}
          disabled={cities.length === 0}
          aria-invalid={errors.cityId ? true : undefined}
          className={inputClass(Boolean(errors.cityId))}
        >
          <option value="">{cities.length ? "انتخاب شهر" : "ابتدا استان را انتخاب کنید"}</option>
          {cities.map((city) => (
            <option key={city.id} value={city.id}>
              {city.name}
            </option>
          ))}
        </select>
        <FieldError message={errors.cityId} />
      </label>
      <div className="sm:col-span-2">{text("line", "نشانی (خیابان، کوچه، پلاک، واحد)", { autoComplete: "street-address" })}</div>
      {text("postalCode", "کد پستی ۱۰ رقمی", {
        inputMode: "numeric",
        dir: "ltr",
        autoComplete: "postal-code",
        placeholder: toPersianDigits("1411713135"),
      })}
      {text("label", "عنوان نشانی (اختیاری، مثلاً خانه)")}
      <div className="sm:col-span-2">
        <FieldError message={errors.form} />
        <button type="submit" disabled={busy} className={primaryButton}>
          ذخیرهٔ نشانی
        </button>
      </div>
    </form>
  );
}
