// Compile-time check of the console against the generated OpenAPI types (schema.d.ts, made by
// `npm run gen:api` from ../src/api/openapi.json). While the document is still a stub these
// checks pass trivially; once it describes a path or a schema, a path the console calls that
// the contract lacks, or a field the console reads that the schema lacks, fails `tsc`.
import type { components, paths } from './schema';
import type {
  Absence,
  ApiToken,
  ApiTokenCreated,
  AreaDetail,
  AuditEntry,
  Accuracy,
  BoxNetwork,
  BoxPairs,
  Cable,
  CrossBox,
  Customer,
  CustomerAddress,
  DistBox,
  DistBoxPatch,
  DropLine,
  Enums,
  ImportReport,
  LoginResponse,
  Me,
  OccupancyRow,
  Ownership,
  Pair,
  PairMark,
  PiiView,
  Pole,
  Problem,
  SearchHit,
  SearchResult,
  Service,
  Session,
  Staff,
  StaffBrief,
  StaffCreated,
  TreeNode,
  Unit,
  Verification,
  VerificationRequest,
} from './types';

/** Fails to compile with the offending names in the message when T is not empty. */
type NoneMissing<T extends never> = T;
type IsEmptyRecord<T> = string extends keyof T ? true : false;

/** Every path the console calls (as written in the OpenAPI document). */
export type UsedPath =
  | '/api/v1/meta/enums'
  | '/api/v1/auth/login'
  | '/api/v1/auth/logout'
  | '/api/v1/auth/me'
  | '/api/v1/auth/password'
  | '/api/v1/sessions'
  | '/api/v1/sessions/{id}'
  | '/api/v1/api-tokens'
  | '/api/v1/api-tokens/{id}'
  | '/api/v1/units'
  | '/api/v1/units/tree'
  | '/api/v1/units/{id}'
  | '/api/v1/units/{id}/retire'
  | '/api/v1/units/{id}/reactivate'
  | '/api/v1/units/{id}/history'
  | '/api/v1/areas/{id}'
  | '/api/v1/staff'
  | '/api/v1/staff/{id}'
  | '/api/v1/staff/{id}/retire'
  | '/api/v1/staff/{id}/reactivate'
  | '/api/v1/staff/{id}/reset-password'
  | '/api/v1/absences'
  | '/api/v1/absences/{id}/cancel'
  | '/api/v1/audit'
  | '/api/v1/openapi.json'
  // plant
  | '/api/v1/ownership'
  | '/api/v1/search'
  | '/api/v1/customers/{id}'
  | '/api/v1/customers/{id}/views'
  | '/api/v1/dist-boxes'
  | '/api/v1/dist-boxes/{id}'
  | '/api/v1/dist-boxes/{id}/pairs'
  | '/api/v1/cross-boxes'
  | '/api/v1/cross-boxes/{id}'
  | '/api/v1/areas'
  | '/api/v1/dist-boxes/{id}/history'
  | '/api/v1/dist-boxes/{id}/pairs/{pairNo}'
  | '/api/v1/dist-boxes/{id}/verifications'
  | '/api/v1/occupancy'
  | '/api/v1/accuracy'
  | '/api/v1/imports/{kind}'
  | '/api/v1/exports/{kind}'
  | '/api/v1/dist-boxes/{id}/network'
  | '/api/v1/cables'
  | '/api/v1/poles';

type MissingPaths = IsEmptyRecord<paths> extends true ? never : Exclude<UsedPath, keyof paths>;
// If this fails, the paths named in MissingPaths are called by the console but absent from the contract.
export type PathsCheck = NoneMissing<MissingPaths>;

type Schemas = [components['schemas']] extends [never] ? Record<string, never> : components['schemas'];
/** Fields the console relies on that the named schema (if the document has it) does not declare. */
type MissingFields<Name extends string, Mine> = Name extends keyof Schemas
  ? Exclude<keyof Mine, keyof Schemas[Name]>
  : never;

export type SchemaChecks = [
  NoneMissing<MissingFields<'Unit', Omit<Unit, 'responsibleId' | 'backupId'>>>,
  NoneMissing<MissingFields<'AreaDetail', Omit<AreaDetail, 'path'>>>,
  NoneMissing<MissingFields<'StaffBrief', StaffBrief>>,
  NoneMissing<MissingFields<'Staff', Staff>>,
  NoneMissing<MissingFields<'Absence', Omit<Absence, 'staffName'>>>,
  NoneMissing<MissingFields<'AuditEntry', AuditEntry>>,
  NoneMissing<MissingFields<'Me', Me>>,
  NoneMissing<MissingFields<'DistBox', DistBox>>,
  NoneMissing<MissingFields<'CrossBox', CrossBox>>,
  NoneMissing<MissingFields<'Service', Service>>,
  NoneMissing<MissingFields<'CustomerAddress', CustomerAddress>>,
  NoneMissing<MissingFields<'Ownership', Ownership>>,
  NoneMissing<MissingFields<'Customer', Customer>>,
  NoneMissing<MissingFields<'PiiView', PiiView>>,
  NoneMissing<MissingFields<'SearchHit', SearchHit>>,
  NoneMissing<MissingFields<'Pair', Pair>>,
  NoneMissing<MissingFields<'BoxPairs', BoxPairs>>,
  NoneMissing<MissingFields<'DistBoxPatch', DistBoxPatch>>,
  NoneMissing<MissingFields<'PairMark', PairMark>>,
  NoneMissing<MissingFields<'OccupancyRow', OccupancyRow>>,
  NoneMissing<MissingFields<'VerificationRequest', VerificationRequest>>,
  NoneMissing<MissingFields<'Verification', Verification>>,
  NoneMissing<MissingFields<'Accuracy', Accuracy>>,
  NoneMissing<MissingFields<'ImportReport', ImportReport>>,
  NoneMissing<MissingFields<'Cable', Cable>>,
  NoneMissing<MissingFields<'Pole', Pole>>,
  NoneMissing<MissingFields<'DropLine', DropLine>>,
  NoneMissing<MissingFields<'BoxNetwork', BoxNetwork>>,
];

/** What the server sends (the schema's type) must fit what the console reads (our type). */
type Fits<Name extends string, Mine> = Name extends keyof Schemas ? (Schemas[Name] extends Mine ? true : false) : true;
type MustFit<T extends true> = T;

export type ShapeChecks = [
  MustFit<Fits<'Unit', Unit>>,
  MustFit<Fits<'AreaDetail', AreaDetail>>,
  MustFit<Fits<'UnitTreeNode', TreeNode>>,
  MustFit<Fits<'StaffBrief', StaffBrief>>,
  MustFit<Fits<'Staff', Staff>>,
  MustFit<Fits<'StaffCreated', StaffCreated>>,
  MustFit<Fits<'Absence', Absence>>,
  MustFit<Fits<'AuditEntry', AuditEntry>>,
  MustFit<Fits<'Me', Me>>,
  MustFit<Fits<'LoginResponse', LoginResponse>>,
  MustFit<Fits<'Session', Session>>,
  MustFit<Fits<'ApiToken', ApiToken>>,
  MustFit<Fits<'ApiTokenCreated', ApiTokenCreated>>,
  MustFit<Fits<'EnumLabels', Enums>>,
  MustFit<Fits<'Problem', Problem>>,
  MustFit<Fits<'DistBox', DistBox>>,
  MustFit<Fits<'CrossBox', CrossBox>>,
  MustFit<Fits<'Service', Service>>,
  MustFit<Fits<'CustomerAddress', CustomerAddress>>,
  MustFit<Fits<'Ownership', Ownership>>,
  MustFit<Fits<'Customer', Customer>>,
  MustFit<Fits<'PiiView', PiiView>>,
  MustFit<Fits<'SearchHit', SearchHit>>,
  MustFit<Fits<'Pair', Pair>>,
  MustFit<Fits<'BoxPairs', BoxPairs>>,
  MustFit<Fits<'OccupancyRow', OccupancyRow>>,
  MustFit<Fits<'Verification', Verification>>,
  MustFit<Fits<'Accuracy', Accuracy>>,
  MustFit<Fits<'ImportReport', ImportReport>>,
  MustFit<Fits<'Cable', Cable>>,
  MustFit<Fits<'Pole', Pole>>,
  MustFit<Fits<'DropLine', DropLine>>,
  MustFit<Fits<'BoxNetwork', BoxNetwork>>,
];

/** What the console sends must be what the server accepts (its request schemas). */
type Accepts<Name extends string, Mine> = Name extends keyof Schemas ? (Mine extends Schemas[Name] ? true : false) : true;
export type RequestChecks = [
  MustFit<Accepts<'DistBoxPatch', DistBoxPatch>>,
  MustFit<Accepts<'PairMark', PairMark>>,
  MustFit<Accepts<'VerificationRequest', VerificationRequest>>,
];

/** GET /api/v1/search answers { items: SearchHit[], more } (an inline schema in the document). */
type SearchResponse = paths extends { '/api/v1/search': { get: { responses: { 200: { content: { 'application/json': infer R } } } } } }
  ? R
  : SearchResult;
export type SearchCheck = MustFit<SearchResponse extends SearchResult ? true : false>;
