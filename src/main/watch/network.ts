/**
 * Network shares: changes made by other machines raise no inotify event
 * here, so watching such a folder would silently miss them. Recognised by
 * the file system's magic number (Linux statfs(2) f_type).
 */
import { statfs } from 'node:fs/promises';

const NETWORK_FILE_SYSTEMS = new Map<number, string>([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'CIFS'],
  [0xfe534d42, 'SMB2'],
  [0x01021997, '9P'],
  [0x5346414f, 'AFS'],
  [0x00c36400, 'Ceph'],
  [0x73757245, 'Coda'],
  [0x564c, 'NCP'],
]);

/** The network file system the folder is on, or null for a local one (or when it cannot be told). */
export async function networkFileSystem(folder: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  try {
    const { type } = await statfs(folder);
    return NETWORK_FILE_SYSTEMS.get(type >>> 0) ?? null;
  } catch {
    return null;
  }
}
