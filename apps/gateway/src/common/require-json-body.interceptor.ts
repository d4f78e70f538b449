import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UnsupportedMediaTypeException } from '@nestjs/common';
import { Request } from 'express';
import { Observable } from 'rxjs';

function carriesBody(request: Request): boolean {
  const length = request.header('content-length');
  return request.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/**
 * For routes whose body is a JSON object: a body of another type is never parsed, so without
 * this it would reach validation as nothing and be answered "query is required", hiding the
 * real mistake (curl's `-d` sends application/x-www-form-urlencoded unless told otherwise).
 */
@Injectable()
export class RequireJsonBody implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (carriesBody(request) && !request.is('application/json')) {
      const given = request.header('content-type');
      throw new UnsupportedMediaTypeException(
        given
          ? `request body must be JSON (content-type application/json), not "${given.slice(0, 100)}"`
          : 'request body must be JSON: send content-type application/json',
      );
    }
    return next.handle();
  }
}
