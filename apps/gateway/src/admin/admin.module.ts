import { Module, OnModuleInit } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { BullBoardInstance, BullBoardModule, InjectBullBoard } from '@bull-board/nestjs';
import { Lane } from '@rerank/contracts';
import { GatewayConfig } from '@rerank/config';
import { ApiKeyVerifier } from '../auth/api-key.verifier';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ScoreQueuesService } from '../scoring/score-queues.service';
import { ScoringModule } from '../scoring/scoring.module';
import { AdminBoardAdapter } from './admin-board.adapter';
import { adminAuth } from './admin-auth.middleware';

export const ADMIN_QUEUES_ROUTE = '/admin/queues';

/** The bull-board queue dashboard at /admin/queues, behind the API keys. */
@Module({
  imports: [
    ScoringModule,
    BullBoardModule.forRootAsync({
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => ({
        route: ADMIN_QUEUES_ROUTE,
        adapter: AdminBoardAdapter,
        middleware: adminAuth(new ApiKeyVerifier(config.auth)),
        boardOptions: { uiConfig: { boardTitle: `rerank-fleet · ${config.queuePrefix}` } },
      }),
    }),
  ],
})
export class AdminModule implements OnModuleInit {
  constructor(
    @InjectBullBoard() private readonly board: BullBoardInstance,
    private readonly queues: ScoreQueuesService,
  ) {}

  /**
   * Every lane of every model this gateway routes to, on the fleet's QUEUE_PREFIX. Read-only:
   * every API key opens the dashboard, and none should be able to pause or empty a queue there.
   */
  onModuleInit(): void {
    for (const model of this.queues.models) {
      for (const lane of Object.values(Lane)) {
        this.board.addQueue(new BullMQAdapter(this.queues.queueFor(model, lane), { readOnlyMode: true }));
      }
    }
  }
}
