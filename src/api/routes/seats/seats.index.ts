import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-env.js';
import * as poolHandlers from './seat-pools.handlers.js';
import * as poolRoutes from './seat-pools.routes.js';
import * as seatHandlers from './seats.handlers.js';
import * as seatRoutes from './seats.routes.js';

/** Seat pools (configuration) and seat assignments (read-only: reconcile owns them). */
export function registerSeatRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(poolRoutes.listSeatPools, poolHandlers.list);
  app.openapi(poolRoutes.getSeatPool, poolHandlers.get);
  app.openapi(poolRoutes.putSeatPool, poolHandlers.put);
  app.openapi(seatRoutes.listSeats, seatHandlers.list);
}
