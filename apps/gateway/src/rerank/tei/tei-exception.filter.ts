import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { HttpArgumentsHost } from '@nestjs/common/interfaces';
import { Response } from 'express';
import { AllExceptionsFilter } from '../../common/all-exceptions.filter';
import { teiErrorOf } from './tei-error.mapping';

/**
 * Errors of the TEI routes in TEI's shape, `{ error, error_type }`, and TEI's codes. The one
 * exception filter still decides everything else — the status, the message, the log line,
 * headers such as Retry-After — into a captured response; this only re-words what it wrote.
 */
@Catch()
export class TeiExceptionFilter implements ExceptionFilter {
  private readonly inner: ExceptionFilter = new AllExceptionsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    let status = 500;
    let body: unknown;
    const capture = Object.create(response) as Response;
    capture.status = (code: number) => ((status = code), capture);
    capture.json = (value: unknown) => ((body = value), capture);
    capture.setHeader = (name: string, value: string | number | readonly string[]) => (response.setHeader(name, value), capture);
    const captured: HttpArgumentsHost = {
      getRequest: () => http.getRequest(),
      getResponse: () => capture,
      getNext: () => http.getNext(),
    } as HttpArgumentsHost;
    const wrapped = Object.create(host) as ArgumentsHost;
    wrapped.switchToHttp = () => captured;
    this.inner.catch(exception, wrapped);

    const message = (body as { message?: unknown } | undefined)?.message;
    const tei = teiErrorOf(status, typeof message === 'string' ? message : 'internal error');
    response.status(tei.status).json(tei.body);
  }
}
