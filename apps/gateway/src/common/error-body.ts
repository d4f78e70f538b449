import { ApiProperty } from '@nestjs/swagger';

/** The body of every error answer (see AllExceptionsFilter), for the OpenAPI description. */
export class ErrorBody {
  @ApiProperty({ example: 429 })
  statusCode!: number;

  @ApiProperty({ example: 'Too Many Requests' })
  error!: string;

  @ApiProperty({ description: 'What went wrong, naming the field or setting and the limit' })
  message!: string;

  @ApiProperty({ description: 'Also in the gateway and worker log lines of the request' })
  requestId!: string;
}
