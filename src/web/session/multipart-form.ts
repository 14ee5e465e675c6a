import { rm } from 'node:fs/promises';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface';
import { Observable } from 'rxjs';
import { assertCsrf, CSRF_AFTER_UPLOAD, presessionCookie, sessionCookie, SessionRequest } from './session';

/**
 * Checks the CSRF token of a multipart form once multer has parsed it (the guard cannot see the body yet).
 * On failure the uploaded temp files are removed before the 403.
 */
@Injectable()
export class CsrfAfterUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<SessionRequest>();
    const secret = request.sessionAuthenticated ? sessionCookie(request) : presessionCookie(request);
    try {
      // Bearer-authenticated calls carry no ambient credentials: no CSRF token needed.
      if (request.sessionAuthenticated || !request.headers.authorization) assertCsrf(request, secret ?? '');
    } catch (error) {
      await removeUploads(request);
      throw error;
    }
    return next.handle();
  }
}

/** A multipart form (with file fields) whose CSRF token is checked after parsing. Files land in req.files. */
export function MultipartForm(options: MulterOptions = {}) {
  return applyDecorators(
    SetMetadata(CSRF_AFTER_UPLOAD, true),
    UseInterceptors(AnyFilesInterceptor(options), CsrfAfterUploadInterceptor),
  );
}

export function uploadedFiles(request: SessionRequest): Express.Multer.File[] {
  return Array.isArray(request.files) ? request.files : [];
}

/** Removes temp files of disk-stored uploads that no service took over (EvidenceFilesService removes its own). */
export async function removeUploads(request: SessionRequest): Promise<void> {
  await Promise.all(uploadedFiles(request).map((file) => (file.path ? rm(file.path, { force: true }) : undefined)));
}
