import { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './metrics';

/** Times every request into http_request_duration_seconds, labelled with the route it matched (or "unmatched"). */
export function requestMetricsMiddleware(request: Request, response: Response, next: NextFunction): void {
  const end = httpRequestDuration.startTimer();
  response.once('finish', () => {
    // The route is known only once routing has happened, i.e. when the answer is finished.
    const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : 'unmatched';
    end({ method: request.method, route, status_code: String(response.statusCode) });
  });
  next();
}
