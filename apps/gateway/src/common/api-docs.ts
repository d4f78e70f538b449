import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { adminAuth } from '../admin/admin-auth.middleware';
import { ApiKeyVerifier } from '../auth/api-key.verifier';

/** Where SwaggerModule serves the UI (and its assets below it), the JSON and the YAML description. */
const DOCS_PATHS = ['/docs', '/docs-json', '/docs-yaml'];

/**
 * OpenAPI description generated from the same DTOs that validate, served at /docs behind the API
 * keys: these are express routes the global ApiKeyGuard never sees, so they take the dashboard's
 * middleware (a bearer token, or a key as HTTP Basic password for a browser).
 */
export function setUpApiDocs(app: INestApplication, verifier: ApiKeyVerifier): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('rerank-fleet')
      .setDescription('Cross-encoder reranking on a queue-driven fleet of workers')
      .setVersion('1')
      .build(),
  );
  app.use(DOCS_PATHS, adminAuth(verifier));
  SwaggerModule.setup('docs', app, document);
}
