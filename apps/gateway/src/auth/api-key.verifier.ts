import { timingSafeEqual } from 'node:crypto';
import { AuthConfig, hashApiKey } from '@rerank/config';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Checks an Authorization header against the stored key digests, in constant time per key. */
export class ApiKeyVerifier {
  constructor(private readonly auth: AuthConfig) {}

  get open(): boolean {
    return this.auth.mode === 'open';
  }

  accepts(authorization: string | undefined): boolean {
    return this.open || this.identify(authorization) !== undefined;
  }

  /** A stable, non-secret id of the presented key (for rate limits), or undefined if it is not accepted. */
  identify(authorization: string | undefined): string | undefined {
    const key = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    return key ? this.identifyKey(key) : undefined;
  }

  /** As `identify`, for a key that came some other way (the password of HTTP Basic, for the admin pages). */
  identifyKey(key: string): string | undefined {
    if (!key) return undefined;
    const presented = hashApiKey(key);
    // Compare with every stored digest, so the time taken does not say which one matched.
    let matched = false;
    for (const stored of this.auth.keyHashes) matched = timingSafeEqual(presented, stored) || matched;
    return matched ? presented.toString('hex').slice(0, 16) : undefined;
  }
}
