import { useState } from 'react';
import { useServices } from '../services.js';

interface CoverProps {
  readonly artworkId: number | null;
  readonly alt: string;
  readonly className?: string;
  readonly onLoad?: () => void;
}

/** A cover thumbnail, or a quiet placeholder when the album has none (or it fails to load). */
export function Cover({ artworkId, alt, className = '', onLoad }: CoverProps) {
  const { coverUrl } = useServices();
  const [failed, setFailed] = useState(false);
  if (artworkId === null || failed) {
    return (
      <div className={`cover cover--none ${className}`} role="img" aria-label={`${alt} (no cover)`}>
        <span aria-hidden="true">♪</span>
      </div>
    );
  }
  return (
    <img
      className={`cover ${className}`}
      src={coverUrl(artworkId)}
      alt={alt}
      decoding="async"
      draggable={false}
      onLoad={onLoad}
      onError={() => setFailed(true)}
    />
  );
}
