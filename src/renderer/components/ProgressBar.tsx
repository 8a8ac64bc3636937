/** A determinate bar for a fraction in [0, 1], or a moving stripe when the fraction is unknown. */
export function ProgressBar({ fraction, label }: { fraction: number | null; label: string }) {
  const percent = fraction === null ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={fraction === null ? 'progress progress--unknown' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress__fill" style={{ width: percent === undefined ? undefined : `${percent}%` }} />
    </div>
  );
}
