import { open } from 'node:fs/promises';
import { fromFile } from 'file-type';

/** Types accepted as evidence, detected from the bytes (the client's Content-Type and file name are ignored). */
export const ACCEPTED_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/msword': 'doc',
  'application/x-cfb': 'doc',
  'text/plain': 'txt',
};

/**
 * The media type of a file from its content, or undefined when it is not an accepted type.
 * Text has no magic number: it is accepted when the start of the file is valid UTF-8 without NUL bytes.
 */
export async function detectMediaType(path: string): Promise<string | undefined> {
  const detected = await fromFile(path);
  if (detected) {
    const mime = detected.mime === 'application/x-cfb' ? 'application/msword' : detected.mime;
    return ACCEPTED_TYPES[mime] ? mime : undefined;
  }
  return (await looksLikeUtf8Text(path)) ? 'text/plain' : undefined;
}

async function looksLikeUtf8Text(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const sample = buffer.subarray(0, bytesRead);
    if (sample.includes(0)) return false;
    // A multi-byte character may be cut at the end of the sample; drop up to three trailing bytes.
    for (let cut = 0; cut <= Math.min(3, sample.length); cut++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
        return true;
      } catch {
        // try a shorter sample
      }
    }
    return false;
  } finally {
    await handle.close();
  }
}
