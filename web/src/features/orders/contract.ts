// Compile-time check of the work-order screens against the generated OpenAPI types (the same
// technique as src/api/contract.ts, kept beside the feature so the module stays in one folder).
import type { components, paths } from '../../api/schema';
import type { DeadlineClock, Order, OrderActionInput, OrderCreate, OrderEvent, OrderFilter, OrderRouting } from './types';

type NoneMissing<T extends never> = T;
type MustFit<T extends true> = T;
type Schemas = components['schemas'];

/** Every path the work-order screens call. */
export type OrderPaths = '/api/v1/orders' | '/api/v1/orders/{id}' | '/api/v1/orders/{id}/actions';
export type OrderPathsCheck = NoneMissing<Exclude<OrderPaths, keyof paths>>;

type MissingFields<Name extends keyof Schemas, Mine> = Exclude<keyof Mine, keyof Schemas[Name]>;
export type OrderFieldChecks = [
  NoneMissing<MissingFields<'Order', Order>>,
  NoneMissing<MissingFields<'OrderEvent', OrderEvent>>,
  NoneMissing<MissingFields<'DeadlineClock', DeadlineClock>>,
  NoneMissing<MissingFields<'OrderRouting', OrderRouting>>,
  NoneMissing<MissingFields<'OrderCreate', OrderCreate>>,
  NoneMissing<MissingFields<'OrderActionInput', OrderActionInput>>,
];

/** What the server sends must fit what the console reads… */
export type OrderShapeChecks = [
  MustFit<Schemas['Order'] extends Order ? true : false>,
  MustFit<Schemas['OrderEvent'] extends OrderEvent ? true : false>,
];
/** …and what the console sends must be what the server accepts. */
export type OrderRequestChecks = [
  // `details` is a free object in the document (generated as Record<string, never>).
  MustFit<Omit<OrderCreate, 'details'> extends Schemas['OrderCreate'] ? true : false>,
  MustFit<OrderActionInput extends Schemas['OrderActionInput'] ? true : false>,
];

/** The list filters the console uses are query parameters of GET /api/v1/orders. */
type ListQuery = NonNullable<paths['/api/v1/orders']['get']['parameters']['query']>;
export type OrderFilterCheck = NoneMissing<Exclude<keyof OrderFilter, keyof ListQuery>>;
