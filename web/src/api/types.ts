// Hand-written mirrors of the objects in docs/api.md (the contract). contract.ts checks them
// against the generated schema.d.ts once src/api/openapi.json describes them.

export type UnitKind = 'province' | 'local_network' | 'centre' | 'office' | 'community' | 'area';
export const UNIT_KINDS: UnitKind[] = ['province', 'local_network', 'centre', 'office', 'community', 'area'];

export type Role =
  | 'administrator'
  | 'centre_manager'
  | 'office_head'
  | 'community_head'
  | 'area_manager'
  | 'hotline_agent'
  | 'auditor';
export const ROLES: Role[] = [
  'administrator',
  'centre_manager',
  'office_head',
  'community_head',
  'area_manager',
  'hotline_agent',
  'auditor',
];

export type Status = 'active' | 'retired';
export type AbsenceReason = 'leave' | 'training' | 'sick' | 'other';
export const ABSENCE_REASONS: AbsenceReason[] = ['leave', 'training', 'sick', 'other'];
export type Permission = 'org.read' | 'org.write' | 'audit.read' | 'tokens.manage' | 'sessions.manage' | 'pii.reveal';

export interface Me {
  id: number;
  username: string;
  name: string;
  role: Role;
  unitId: number;
  unitName: string;
  scopeUnitId: number;
  scopeUnitName: string;
  permissions: Permission[];
  mustChangePassword: boolean;
}

export interface LoginResponse {
  user: Me;
  expiresAt: string;
}

export interface PathEntry {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
}

export interface Unit {
  id: number;
  code: string;
  kind: UnitKind;
  name: string;
  parentId: number | null;
  status: Status;
  path: PathEntry[];
  childCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
  responsibleId?: number | null;
  backupId?: number | null;
}

export interface TreeNode {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  status: Status;
  responsibleId?: number | null;
  children?: TreeNode[];
}

export interface StaffBrief {
  id: number;
  username: string;
  name: string;
  phone: string;
  role: Role;
  absentUntil: string | null;
}

export type CoverReason = 'responsible' | 'backup' | 'uncovered';

export interface Cover {
  staffId: number | null;
  staff: StaffBrief | null;
  reason: CoverReason;
  until: string | null;
  explanation: string;
}

export interface AreaDetail extends Unit {
  responsible: StaffBrief | null;
  backup: StaffBrief | null;
  cover: Cover | null;
}

export interface Staff {
  id: number;
  username: string;
  name: string;
  role: Role;
  unitId: number;
  unitName: string;
  phone: string;
  email: string;
  status: Status;
  allowMultiCommunity: boolean;
  responsibleFor: number[];
  backupFor: number[];
  absentUntil: string | null;
  locked: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export interface StaffCreated extends Staff {
  initialPassword?: string;
}

export interface Absence {
  id: number;
  staffId: number;
  staffName?: string;
  startsAt: string;
  endsAt: string;
  reason: AbsenceReason;
  note: string;
  status: 'active' | 'cancelled' | string;
  createdBy: number;
  createdAt: string;
  version: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  objectType: string;
  objectId: number | null;
  objectCode: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface Session {
  id: number | string;
  staffId: number;
  staffName: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  remote: string;
  userAgent: string;
  current: boolean;
}

export interface ApiToken {
  id: number;
  name: string;
  staffId: number;
  staffName: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: number;
}

export interface ApiTokenCreated extends ApiToken {
  token: string;
}

export interface EnumLabel {
  value: string;
  en: string;
  zh: string;
}

export interface Enums {
  unitKind: EnumLabel[];
  role: EnumLabel[];
  absenceReason: EnumLabel[];
  [other: string]: EnumLabel[];
}

export interface FieldError {
  field: string;
  reason: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  currentVersion?: number;
}

// ——— Outside plant and the subscriber archive (docs/plant.md) ———
// Implemented on the server today (checked in contract.ts): DistBox, CrossBox, Service,
// CustomerAddress, Ownership, Customer, PiiView, SearchHit, SearchResult, Pair, BoxPairs.

export type BoxStatus = 'active' | 'retired';
export type Mount = 'building' | 'pole';

export interface DistBox {
  id: number;
  code: string;
  crossBoxId: number;
  areaId: number;
  networkId: number;
  lat: number;
  lng: number;
  mount: Mount;
  address: string;
  capacity: number;
  status: BoxStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CrossBox {
  id: number;
  code: string;
  name: string;
  networkId: number;
  areaId: number | null;
  lat: number;
  lng: number;
  address: string;
  primaryPairs: number;
  distributionPairs: number;
  status: BoxStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ServiceKind = 'fixed_line' | 'broadband' | 'caller_id' | 'iptv' | 'other';
export type ServiceStatus = 'active' | 'suspended' | 'ceased';

export interface Service {
  id: number;
  code: string;
  customerId: number;
  kind: ServiceKind;
  number: string;
  speedMbps: number;
  distBoxId: number | null;
  pairNo: number | null;
  parentServiceId: number | null;
  status: ServiceStatus;
  startDate: string | null;
  /** integer fen (分); 100 fen = 1 yuan */
  monthlyFeeFen: number;
  version: number;
}

export interface CustomerAddress {
  district: string;
  street: string;
  community: string;
  building: string;
  unit: string;
  room: string;
  text: string;
}

export type CustomerKind = 'person' | 'business';

export interface CustomerBrief {
  id: number;
  code: string;
  name: string;
  kind: CustomerKind;
}

export interface Ownership {
  area: AreaDetail;
  distBox: DistBox | null;
  crossBox: CrossBox | null;
  service: Service | null;
  customer: CustomerBrief | null;
  explanation: string;
}

export type PiiField = 'phones' | 'idNumber' | 'address';

export type CareFlagKind = 'elderly_alone' | 'bedridden' | 'disabled' | 'other';
export interface CareFlag {
  customerId?: number;
  flag: CareFlagKind | string;
  note: string;
  setBy?: number | string | null;
  setAt?: string | null;
}

export type ContactChannel = 'visit' | 'phone' | 'hall' | 'hotline' | 'wechat';
export interface Contact {
  customerId?: number;
  staffId?: number | null;
  staffName?: string | null;
  at: string;
  channel: ContactChannel | string;
  outcome: string;
  note: string;
}

export interface Customer {
  id: number;
  code: string;
  kind: CustomerKind;
  name: string;
  phones: string[];
  idType: string;
  idNumber: string;
  address: CustomerAddress;
  networkId: number;
  version: number;
  services: Service[];
  unmasked: PiiField[];
  owner: Ownership | null;
}

/** Not served yet: shown when a later server adds them to the customer response. */
export interface CustomerExtras {
  careFlags?: CareFlag[];
  contacts?: Contact[];
}

export interface PiiView {
  id: number;
  at: string;
  staffId: number;
  staffName: string;
  fields: string;
  reason: string;
}

export type SearchKind = 'phone' | 'account' | 'name' | 'address' | 'box';
export type SearchType = 'auto' | SearchKind;

export interface SearchHit {
  kind: SearchKind;
  customerId: number | null;
  serviceId: number | null;
  distBoxId: number | null;
  title: string;
  detail: string;
}

export interface SearchResult {
  items: SearchHit[];
  more: boolean;
}

export type PairState = 'free' | 'in_use' | 'faulty' | 'reserved';
export const PAIR_STATES: PairState[] = ['free', 'in_use', 'faulty', 'reserved'];

export interface Pair {
  pairNo: number;
  state: PairState;
  serviceId: number | null;
  serviceCode: string;
  number: string;
  customerId: number | null;
  note: string;
}

export interface BoxPairs {
  capacity: number;
  inUse: number;
  faulty: number;
  reserved: number;
  free: number;
  pairs: Pair[];
}

// ——— Plant writes, occupancy, verification, accuracy, CSV import (served since 104bba2; checked in contract.ts) ———

export interface DistBoxPatch {
  areaId?: number;
  address?: string;
  capacity?: number;
  lat?: number;
  lng?: number;
  mount?: Mount;
}

export interface PairMark {
  state: Exclude<PairState, 'in_use'>;
  note?: string;
}

export interface OccupancyRow {
  id: number;
  code: string;
  name: string;
  /** a unit kind, or the kind of box for the rows under an area */
  kind: string;
  boxes: number;
  capacity: number;
  inUse: number;
  faulty: number;
  reserved: number;
  free: number;
  /** inUse / capacity, 0…1 */
  occupancy: number;
}

export interface VerificationRequest {
  pairs: { pairNo: number; found: PairState; correct?: boolean }[];
}

export type VerificationOutcome = 'match' | 'mismatch' | 'corrected';

export interface Verification {
  id: number;
  distBoxId: number;
  at: string;
  staffId: number;
  checked: number;
  matched: number;
  mismatched: number;
  corrected: number;
  accuracy: number;
  /** recorded/found are pair states (free, in_use, faulty, reserved) */
  items: { pairNo: number; recorded: string; found: string; result: VerificationOutcome }[];
}

export interface Accuracy {
  checked: number;
  matched: number;
  /** null when nothing was checked */
  accuracy: number | null;
  boxesVerified: number;
  boxesTotal: number;
  history: { month: string; checked: number; matched: number; accuracy: number | null }[];
}

export type ImportKind = 'cross-boxes' | 'dist-boxes' | 'customers' | 'services' | 'cables' | 'poles' | 'drop-lines' | 'revenue';
export const IMPORT_KINDS: ImportKind[] = ['cross-boxes', 'dist-boxes', 'customers', 'services', 'cables', 'poles', 'drop-lines', 'revenue'];
export type ImportEncoding = 'auto' | 'utf-8' | 'gbk';

export interface ImportReport {
  /** an ImportKind */
  kind: string;
  dryRun: boolean;
  /** the file was refused whole (then 422), with the reason in refusal */
  refused: boolean;
  refusal: string;
  encoding: string;
  converted: boolean;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errorsTotal: number;
  errors: { line: number; column: string; reason: string }[];
  elapsedMs: number;
}

// Cables, poles and drop lines (docs/plant.md; checked in contract.ts).
export interface PlantRef {
  id: number;
  code: string;
}
export type CableKind = 'primary' | 'distribution' | 'fibre';
export interface CableEnd {
  kind: 'exchange' | 'cross_box' | 'dist_box';
  id: number | null;
  code: string | null;
}
export interface Cable {
  id: number;
  code: string;
  kind: CableKind;
  from: CableEnd;
  to: CableEnd;
  pairs: number;
  lengthM: number;
  networkId: number;
  boxes: PlantRef[];
  poles: PlantRef[];
  status: BoxStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface Pole {
  id: number;
  code: string;
  kind: 'concrete' | 'wood' | 'steel';
  lat: number;
  lng: number;
  networkId: number;
  boxes: PlantRef[];
  cables: PlantRef[];
  status: BoxStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface DropLine {
  id: number;
  code: string;
  distBoxId: number;
  distBoxCode: string;
  pairNo: number;
  serviceId: number | null;
  serviceCode: string | null;
  kind: 'copper' | 'fibre';
  lengthM: number;
  installedAt: string | null;
  networkId: number;
  status: BoxStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface BoxNetwork {
  cables: Cable[];
  pole: Pole | null;
  dropLines: DropLine[];
}
