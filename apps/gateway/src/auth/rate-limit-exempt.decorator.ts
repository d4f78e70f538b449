import { SetMetadata } from '@nestjs/common';

export const RATE_LIMIT_EXEMPT = Symbol('rateLimitExempt');

/**
 * Marks a read that needs a key but draws nothing from its per-minute budget: following a bulk
 * job (its status and results) and scraping /metrics cost the fleet no scoring, and a client
 * polling its job must not spend the requests it has for scoring.
 */
export const RateLimitExempt = () => SetMetadata(RATE_LIMIT_EXEMPT, true);
