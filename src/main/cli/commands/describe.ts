import { parseArgs } from 'node:util';
import { describeImageFile } from '../../artwork/describe-file.js';
import { PictureError } from '../../artwork/decode.js';
import { DESCRIPTOR_KINDS, isKindName } from '../../artwork/kinds.js';

export interface DescribeIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const KIND_LIST = DESCRIPTOR_KINDS.map((kind) => kind.name).join('|');
/** Values shown in the plain-text summary of a vector. */
const PREVIEW_VALUES = 4;

function failureMessage(error: unknown): string {
  if (error instanceof PictureError) return error.reason;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not an image';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * `sleeve describe IMAGE… --kind tiny|gist|color [--json] [--raw-size]`:
 * each image decoded and described exactly as a scan would (or at its own
 * size with --raw-size), one line per image. A file that fails is reported
 * on stderr and makes the exit code 1; the others are still printed.
 */
export async function describeCommand(args: string[], io: DescribeIo): Promise<number> {
  let values: { kind?: string; json?: boolean; 'raw-size'?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        json: { type: 'boolean', default: false },
        'raw-size': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.stderr(`sleeve: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.kind === undefined || !isKindName(values.kind)) {
    const given = values.kind === undefined ? 'missing' : `"${values.kind}"`;
    io.stderr(`sleeve: --kind must be one of ${KIND_LIST} (${given})\n`);
    return 2;
  }
  if (positionals.length === 0) {
    io.stderr('sleeve: give at least one IMAGE file to describe\n');
    return 2;
  }

  let failures = 0;
  for (const file of positionals) {
    try {
      const description = await describeImageFile(file, values.kind, { rawSize: values['raw-size'] });
      if (values.json) {
        io.stdout(`${JSON.stringify(description)}\n`);
      } else {
        const preview = description.vector.slice(0, PREVIEW_VALUES).map((v) => v.toFixed(4)).join(' ');
        io.stdout(
          `${file}: ${description.kind} v${description.version}, ${description.width}x${description.height}, ` +
            `${description.vector.length} values: ${preview} …\n`,
        );
      }
    } catch (error) {
      failures++;
      io.stderr(`sleeve: ${file}: ${failureMessage(error)}\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}
