/**
 * `loaiHoSo` against the endpoint it was sent to: check-in endpoints take "0"; record endpoints "130" (the guide:
 * "mặc định điền 130"), or "3176" / "4750" as some clients write for those endpoints (shared/spec/portal-api.md).
 * Whether the real portal validates it is unknown, so a mismatch is not refused: the answer and the stored result
 * carry a Vietnamese warning a HIS can log.
 */
const CHECKIN = /^checkInKcbQd/i;

/** The values documented for an endpoint. */
export function loaiHoSoFor(endpoint: string): string[] {
  if (CHECKIN.test(endpoint)) return ['0'];
  if (/3176/.test(endpoint)) return ['130', '3176'];
  if (/4750/.test(endpoint)) return ['130', '4750'];
  return ['130'];
}

/** A Vietnamese warning when `loaiHoSo` is missing or not a value documented for the endpoint; undefined when fine. */
export function loaiHoSoWarning(endpoint: string, loaiHoSo: string | undefined): string | undefined {
  const allowed = loaiHoSoFor(endpoint);
  const v = (loaiHoSo ?? '').trim();
  if (v === '') return `Cảnh báo: thiếu loaiHoSo (endpoint ${endpoint} dùng ${allowed.join(' hoặc ')})`;
  if (allowed.includes(v)) return undefined;
  return `Cảnh báo: loaiHoSo "${v}" không đúng với endpoint ${endpoint} (cần ${allowed.join(' hoặc ')}); cổng thật có thể từ chối`;
}
