import type { ReactNode } from 'react';

interface RangeFieldProps {
  readonly label: string;
  /** The value as a person reads it ("30 tracks", "at most 2"). */
  readonly shown: ReactNode;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly value: number;
  readonly disabled?: boolean;
  readonly hint?: string;
  readonly onChange: (value: number) => void;
}

/** A labelled slider with its value beside the label, as the playlist controls use it. */
export function RangeField({ label, shown, min, max, step, value, disabled, hint, onChange }: RangeFieldProps) {
  return (
    <label className="field">
      <span className="field__label">
        {label} <output>{shown}</output>
      </span>
      <input type="range" min={min} max={max} step={step} value={value} disabled={disabled} onChange={(event) => onChange(Number(event.target.value))} />
      {hint && <span className="field__hint">{hint}</span>}
    </label>
  );
}
