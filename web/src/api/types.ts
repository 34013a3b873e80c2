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
export type Permission = 'org.read' | 'org.write' | 'audit.read' | 'tokens.manage' | 'sessions.manage';

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
