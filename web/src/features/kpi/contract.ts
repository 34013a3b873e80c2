// Compile-time check of the performance screens against the generated OpenAPI types (the same
// technique as src/api/contract.ts and features/orders/contract.ts).
import type { components, paths } from '../../api/schema';
import type { KpiFigures, KpiPeriod, KpiRatio, KpiUnit, RevenueFigure, RevenueReport, RevenueTarget, RevenueTrend } from './types';
import type { RevenueSellers, Scorecard } from './types';

type NoneMissing<T extends never> = T;
type Schemas = components['schemas'];

/** Every path the performance screens call. */
export type KpiPaths =
  | '/api/v1/kpis'
  | '/api/v1/kpis/children'
  | '/api/v1/kpis/trend'
  | '/api/v1/rankings'
  | '/api/v1/revenue'
  | '/api/v1/revenue/trend'
  | '/api/v1/revenue/sellers'
  | '/api/v1/revenue-targets/{unitId}/{month}'
  | '/api/v1/scorecards/{role}';
export type KpiPathsCheck = NoneMissing<Exclude<KpiPaths, keyof paths>>;

type MissingFields<Name extends keyof Schemas, Mine> = Exclude<keyof Mine, keyof Schemas[Name]>;
export type KpiFieldChecks = [
  NoneMissing<MissingFields<'KpiRatio', KpiRatio>>,
  NoneMissing<MissingFields<'KpiFigures', KpiFigures>>,
  NoneMissing<MissingFields<'KpiPeriod', KpiPeriod>>,
  NoneMissing<Exclude<keyof KpiUnit, keyof Schemas['KpiFigures'] | 'kind' | 'id' | 'code' | 'name'>>,
  NoneMissing<MissingFields<'RevenueFigure', RevenueFigure>>,
  NoneMissing<MissingFields<'RevenueReport', RevenueReport>>,
  NoneMissing<MissingFields<'RevenueTrend', RevenueTrend>>,
  NoneMissing<MissingFields<'RevenueSellers', RevenueSellers>>,
  NoneMissing<MissingFields<'RevenueTarget', RevenueTarget>>,
  NoneMissing<MissingFields<'Scorecard', Scorecard>>,
];

/** The manager's figures: the fields GET /kpis answers with managerId, and the query it takes. */
type KpisAnswer = paths['/api/v1/kpis']['get']['responses'][200]['content']['application/json'];
export type KpiManagerCheck = NoneMissing<Exclude<'unit' | 'period', keyof KpisAnswer>>;
type KpisQuery = NonNullable<paths['/api/v1/kpis']['get']['parameters']['query']>;
type TrendQuery = NonNullable<paths['/api/v1/kpis/trend']['get']['parameters']['query']>;
export type ManagerQueryCheck = NoneMissing<Exclude<'managerId', keyof KpisQuery | keyof TrendQuery>>;

/** The target editor sends what PUT /revenue-targets accepts. */
type TargetBody = NonNullable<paths['/api/v1/revenue-targets/{unitId}/{month}']['put']['requestBody']>['content']['application/json'];
export type TargetBodyCheck = NoneMissing<Exclude<'amountFen', keyof TargetBody>>;
