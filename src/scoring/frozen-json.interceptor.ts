import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Response } from 'express';
import { map, Observable } from 'rxjs';

/**
 * Sends a frozen answer (a published cycle's, kept by PublishedScorecardsCache) as JSON text serialised once
 * per answer: for the whole-cycle list that serialisation cost more than everything else in the request.
 * Its ETag is computed once too (Express would hash the whole body on every request; a client that sends it
 * back gets 304). Any other answer passes through untouched. The text is what Nest's own JSON reply would be.
 */
@Injectable()
export class FrozenJsonInterceptor implements NestInterceptor {
  private readonly texts = new WeakMap<object, { text: string; etag: string }>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (body === null || typeof body !== 'object' || !Object.isFrozen(body)) return body;
        let serialised = this.texts.get(body);
        if (serialised === undefined) {
          const text = JSON.stringify(body);
          // The weak ETag format Express itself uses: length and SHA-1 of the body.
          const etag = `W/"${Buffer.byteLength(text).toString(16)}-${createHash('sha1').update(text).digest('base64').slice(0, 27)}"`;
          serialised = { text, etag };
          this.texts.set(body, serialised);
        }
        context.switchToHttp().getResponse<Response>().type('application/json').setHeader('ETag', serialised.etag);
        return serialised.text;
      }),
    );
  }
}
