import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI description generated from the same DTOs that validate, served at /docs. */
export function setUpApiDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('rerank-fleet')
      .setDescription('Cross-encoder reranking on a queue-driven fleet of workers')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
