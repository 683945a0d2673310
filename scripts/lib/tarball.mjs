import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/**
 * Reads an npm tarball (.tgz) into a map of path (without the leading `package/`) → contents.
 * Plain ustar parsing: npm and pnpm tarballs hold regular files only, no links.
 * @param {string} file
 * @returns {Promise<Map<string, Buffer>>}
 */
export async function readTarball(file) {
  const data = gunzipSync(await readFile(file));
  const files = new Map();
  let offset = 0;
  while (offset + 512 <= data.length) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') files.set(name.replace(/^[^/]+\//, ''), data.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
