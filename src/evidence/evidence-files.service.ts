import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { EvidenceFileDto } from './dto/evidence.dto';
import { detectMediaType } from './file-types';
import { FILE_STORAGE, FileStorage } from './storage/file-storage';

export interface FileRow {
  id: string;
  sha256: string;
  size_bytes: string;
  media_type: string;
  original_name: string;
  storage_key: string;
}

/**
 * Uploaded files. Order of writes: bytes to a temp file, hash and type check, move into the content-addressed
 * store, then the row. A crash between the last two leaves an object without a row, which is harmless (the
 * same upload reuses it) and found by the integrity check; a row never points to bytes that were not written.
 */
@Injectable()
export class EvidenceFilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async store(upload: Express.Multer.File | undefined, user: AuthUser): Promise<EvidenceFileDto> {
    if (!upload) throw ApiError.invalidField('file', 'send the file as multipart/form-data in a field named "file"');
    try {
      if (upload.size === 0) throw ApiError.invalidField('file', 'the file is empty');
      const mediaType = await detectMediaType(upload.path);
      if (!mediaType) {
        throw new ApiError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'UNSUPPORTED_FILE_TYPE',
          'This type of file is not accepted: send PDF, an image (PNG, JPEG, GIF, WebP), an office document (DOCX, XLSX, PPTX, ODT, ODS, DOC) or plain UTF-8 text',
        );
      }
      const sha256 = await sha256Of(upload.path);
      // Deduplication is per uploader: whether anyone else stored these bytes is not the caller's to learn.
      const own = await this.findOwn(sha256, user.id);
      if (own) {
        // Heal a store that lost the object; otherwise the new copy is simply dropped.
        if (!(await this.storage.exists(own.storage_key))) await this.storage.putFromTemp(upload.path, sha256);
        return toFileDto(own, true);
      }
      // The bytes are content-addressed: storing them again over an identical object changes nothing.
      const storageKey = await this.storage.putFromTemp(upload.path, sha256);
      return await this.dataSource.transaction(async (manager) => {
        const inserted: FileRow[] = await manager.query(
          `INSERT INTO evidence_file (sha256, size_bytes, media_type, original_name, storage_key, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256, uploaded_by) DO NOTHING
           RETURNING id, sha256, size_bytes, media_type, original_name, storage_key`,
          [sha256, upload.size, mediaType, safeName(upload.originalname), storageKey, user.id],
        );
        // The same user's concurrent upload of the same content won the race: reuse its row.
        if (inserted.length === 0) return toFileDto((await this.findOwn(sha256, user.id, manager))!, true);
        await this.audit.record(manager, {
          actorUserId: user.id,
          action: 'evidence_file.uploaded',
          entityType: 'evidence_file',
          entityId: inserted[0].id,
          after: { sha256, sizeBytes: upload.size, mediaType, originalName: inserted[0].original_name },
        });
        return toFileDto(inserted[0], false);
      });
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  async open(fileId: string): Promise<{ row: FileRow; stream: NodeJS.ReadableStream }> {
    const rows: FileRow[] = await this.dataSource.query(
      'SELECT id, sha256, size_bytes, media_type, original_name, storage_key FROM evidence_file WHERE id = $1',
      [fileId],
    );
    if (rows.length === 0) throw ApiError.notFound('File', fileId);
    const stream = await this.storage.open(rows[0].storage_key).catch(() => {
      throw new Error(`Stored object ${rows[0].storage_key} of file ${fileId} is missing`);
    });
    return { row: rows[0], stream };
  }

  private async findOwn(sha256: string, userId: string, manager = this.dataSource.manager): Promise<FileRow | undefined> {
    const rows: FileRow[] = await manager.query(
      'SELECT id, sha256, size_bytes, media_type, original_name, storage_key FROM evidence_file WHERE sha256 = $1 AND uploaded_by = $2',
      [sha256, userId],
    );
    return rows[0];
  }
}

export function toFileDto(row: FileRow, deduplicated: boolean): EvidenceFileDto {
  return {
    id: row.id,
    sha256: row.sha256,
    sizeBytes: Number(row.size_bytes),
    mediaType: row.media_type,
    originalName: row.original_name,
    deduplicated,
  };
}

function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Keeps a readable name for downloads without path parts or control characters. */
function safeName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return base.slice(0, 200) || 'evidence';
}
