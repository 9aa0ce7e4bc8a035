import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';

/** A labelled block of a form page. */
export function Field({
  label,
  labelFor,
  required,
  hint,
  error,
  children,
}: {
  label: string;
  /** The id of the input the label names; chips and pickers name themselves. */
  labelFor?: string;
  required?: boolean;
  hint?: ReactNode;
  /** What is wrong with this field, in the server's words; shown under it until it is fixed. */
  error?: string;
  children: ReactNode;
}) {
  const Label = labelFor ? 'label' : 'div';
  return (
    <div className={error ? 'form-field form-field-invalid' : 'form-field'}>
      <Label className="form-label" htmlFor={labelFor}>
        {label}
        {required && (
          <span className="form-required" aria-hidden="true">
            *
          </span>
        )}
      </Label>
      {children}
      {hint && <div className="form-hint">{hint}</div>}
      {error && (
        <div className="form-field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** The primary action, pinned to the bottom of the screen within thumb reach. */
export function FormActions({
  label,
  onSubmit,
  loading,
  disabled,
  error,
}: {
  label: string;
  onSubmit: () => void;
  loading?: boolean;
  disabled?: boolean;
  error?: string | null;
}) {
  return (
    <div className="form-actions">
      {error && (
        <p className="form-actions-error" role="alert">
          {error}
        </p>
      )}
      <Button block color="primary" size="large" loading={loading} disabled={disabled} onClick={onSubmit}>
        {label}
      </Button>
    </div>
  );
}
