import type { DescribedImage } from '../../../shared/api-entities.js';
import { SleeveError } from '../../../shared/errors.js';
import { DESCRIPTOR_KINDS, isAnyKindName } from '../../artwork/kinds.js';
import type { HandlerTable } from '../dispatch.js';
import { checkAbsolutePath } from '../paths.js';

/** Why an image could not be described, in a few words. */
function failureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not an image';
  if (code === 'EACCES') return 'permission denied';
  const reason = (error as { reason?: unknown })?.reason;
  if (typeof reason === 'string') return reason;
  return error instanceof Error ? error.message : String(error);
}

export function describeHandlers(): Pick<HandlerTable, 'images.describe'> {
  return {
    'images.describe': async ({ paths, kind, rawSize }) => {
      if (!isAnyKindName(kind)) {
        throw new SleeveError('bad_request', `Unknown descriptor kind "${kind}" (known kinds: ${DESCRIPTOR_KINDS.map((k) => k.name).join(', ')}).`);
      }
      const checked = paths.map((path) => checkAbsolutePath(path, 'the image'));
      // Loaded on first use: decoding brings sharp, which listing albums does not need.
      const { describeImageFile } = await import('../../artwork/describe-file.js');
      const items: DescribedImage[] = [];
      for (const path of checked) {
        try {
          const described = await describeImageFile(path, kind, { rawSize });
          items.push({ ok: true, path, kind, version: described.version, width: described.width, height: described.height, vector: described.vector });
        } catch (error) {
          items.push({ ok: false, path, error: failureReason(error) });
        }
      }
      return { items };
    },
  };
}
