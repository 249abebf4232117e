import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from "react";

/** What every labelled control takes besides its own attributes. */
interface Labelled {
  readonly label: ReactNode;
  /** Extra classes of the `.field` around it. */
  readonly fieldClassName?: string;
}

/** The `.field` around a control: its label, pointing at the control by `id`. */
function FieldFrame({
  id,
  label,
  fieldClassName,
  children,
}: Labelled & { readonly id: string; readonly children: ReactNode }) {
  return (
    <div className={fieldClassName ? `field ${fieldClassName}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

/** A labelled `<input>`: the label and the id written once, the input's attributes as given. */
export function InputField({
  label,
  fieldClassName,
  ...input
}: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} fieldClassName={fieldClassName}>
      <input id={id} {...input} />
    </FieldFrame>
  );
}

/** A labelled `<textarea>`. */
export function TextAreaField({
  label,
  fieldClassName,
  ...textarea
}: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} fieldClassName={fieldClassName}>
      <textarea id={id} {...textarea} />
    </FieldFrame>
  );
}

/** A labelled `<select>`, its options as children. */
export function SelectField({
  label,
  fieldClassName,
  children,
  ...select
}: Labelled & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} fieldClassName={fieldClassName}>
      <select id={id} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}
