// Compile-time check of the pay screens against the generated OpenAPI types.
import type { components, paths } from '../../api/schema';
import type { PayLine, PayPart, PayRateVersion, PayRateVersionCreate, PayRun, PayStatement, PayStatementDetail } from './types';

type NoneMissing<T extends never> = T;
type MustFit<T extends true> = T;
type Schemas = components['schemas'];

export type PayPaths =
  | '/api/v1/pay-runs'
  | '/api/v1/pay-runs/{id}'
  | '/api/v1/pay-runs/{id}/approve'
  | '/api/v1/pay-runs/{id}/statements'
  | '/api/v1/pay-runs/{id}/statements/{managerId}'
  | '/api/v1/pay-runs/{id}/export'
  | '/api/v1/pay-rates';
export type PayPathsCheck = NoneMissing<Exclude<PayPaths, keyof paths>>;

type MissingFields<Name extends keyof Schemas, Mine> = Exclude<keyof Mine, keyof Schemas[Name]>;
type SchemaPart = NonNullable<Schemas['PayLine']['parts']>[number];
export type PayFieldChecks = [
  NoneMissing<MissingFields<'PayRun', PayRun>>,
  NoneMissing<MissingFields<'PayStatement', PayStatement>>,
  NoneMissing<MissingFields<'PayLine', PayLine>>,
  NoneMissing<Exclude<keyof PayPart, keyof SchemaPart>>,
  NoneMissing<Exclude<keyof PayStatementDetail, keyof PayStatement | 'run' | 'lines'>>,
  NoneMissing<MissingFields<'PayRateVersion', PayRateVersion>>,
  NoneMissing<MissingFields<'PayRateVersionCreate', PayRateVersionCreate>>,
];
export type PayShapeChecks = [MustFit<NonNullable<Schemas['PayRun']['status']> extends PayRun['status'] ? true : false>];
