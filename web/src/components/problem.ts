// Turning problem details (RFC 9457) into something the user sees: field errors on the form
// fields they belong to, everything else as a message.
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

export function problemText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('common.networkError');
    const p = err.problem;
    const main = p.detail || p.title || t('common.error');
    // Field reasons the detail does not already say.
    const fields = (p.errors ?? [])
      .filter((e) => !main.includes(e.reason))
      .map((e) => `${e.field}: ${e.reason}`)
      .join('; ');
    return fields ? `${main} (${fields})` : main;
  }
  return (err as Error)?.message || t('common.error');
}

/**
 * Shows an API error: field errors go onto the matching form fields (names as the server
 * sends them, e.g. "code"), the rest becomes a message. Returns true if it was a 409 conflict.
 */
export function showProblem(err: unknown, t: TFunction, message: MessageInstance, form?: FormInstance): boolean {
  if (err instanceof ApiError) {
    if (err.status === 409 && err.problem.currentVersion !== undefined) {
      void message.warning(t('common.conflict'), 6);
      return true;
    }
    const errors = err.problem.errors ?? [];
    if (form && errors.length) {
      const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
      const onForm = errors.filter((e) => known.has(e.field));
      form.setFields(onForm.map((e) => ({ name: e.field, errors: [e.reason] })));
      const rest = errors.filter((e) => !known.has(e.field));
      if (onForm.length && !rest.length) {
        void message.error(err.problem.detail || err.problem.title || t('common.error'));
        return false;
      }
    }
  }
  void message.error(problemText(err, t), 6);
  return false;
}

export function isStatus(err: unknown, ...statuses: number[]): boolean {
  return err instanceof ApiError && statuses.includes(err.status);
}
