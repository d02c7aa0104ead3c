/** @jsxImportSource hono/jsx */
/**
 * The page shell (header, navigation, language switch) and small pieces shared by the pages. Hono's JSX
 * escapes every text child and attribute value, so values taken from a file are safe wherever they are
 * written as `{value}`; nothing here uses raw HTML.
 */
import type { Child } from 'hono/jsx';
import type { Outcome } from '../../conformance/result.ts';
import { CSS_HASH, JS_HASH } from './assets.ts';
import type { Principal } from './principal.ts';

export type Lang = 'vi' | 'en';

/** Vietnamese first; the English text when the reader switched. */
export const tr = (lang: Lang, vi: string, en: string): string => (lang === 'en' ? en : vi);

export interface PageContext {
  lang: Lang;
  principal?: Principal;
  /** path and query of this page (language switch links back to it) */
  here: string;
  /** CSRF is checked by origin (Hono's csrf middleware); forms need nothing extra */
}

export type Section = 'submissions' | 'healthbook' | 'playground' | 'certification' | 'readiness' | 'province' | 'doc' | 'signin';

function withLang(here: string, lang: Lang): string {
  const url = new URL(here, 'http://x');
  url.searchParams.set('lang', lang);
  return url.pathname + url.search;
}

const ROLE_LABEL: Record<Principal['role'], [string, string]> = {
  facility: ['Cơ sở KBCB', 'Facility'],
  reviewer: ['Sở Y tế', 'Department of Health'],
  trainer: ['Giảng viên', 'Trainer'],
};

export function navItems(p: Principal | undefined, lang: Lang): { section: Section; href: string; label: string }[] {
  const items: { section: Section; href: string; label: string }[] = [];
  if (p && p.role !== 'trainer') {
    items.push({ section: 'submissions', href: '/ho-so', label: tr(lang, 'Hồ sơ đã gửi', 'Submissions') });
    items.push({ section: 'healthbook', href: '/so-suc-khoe', label: tr(lang, 'Sổ sức khỏe', 'Health book') });
  }
  if (p && p.role !== 'trainer') {
    items.push({ section: 'certification', href: '/chung-nhan', label: tr(lang, 'Chứng nhận', 'Certification') });
    items.push({ section: 'readiness', href: '/san-sang', label: tr(lang, 'Sẵn sàng (C1–C13)', 'Readiness (C1–C13)') });
  }
  if (p?.role === 'reviewer') items.push({ section: 'province', href: '/tinh', label: tr(lang, 'Bảng theo dõi tỉnh', 'Province board') });
  if (p?.role === 'trainer') items.push({ section: 'playground', href: '/thuc-hanh', label: tr(lang, 'Thực hành', 'Playground') });
  items.push({ section: 'doc', href: '/doc', label: tr(lang, 'Tài liệu API', 'API docs') });
  return items;
}

export function Layout(props: { ctx: PageContext; title: string; section: Section; children?: Child; wide?: boolean }) {
  const { ctx, title, section } = props;
  const { lang, principal } = ctx;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · sskdt-lab`}</title>
        <link rel="stylesheet" href={`/web/app.css?v=${CSS_HASH}`} />
        <script src={`/web/app.js?v=${JS_HASH}`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {tr(lang, 'Bỏ qua, đến nội dung chính', 'Skip to main content')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            sskdt-lab
          </a>
          <nav aria-label={tr(lang, 'Điều hướng chính', 'Main navigation')}>
            <ul>
              {navItems(principal, lang).map((i) => (
                <li>
                  <a href={i.href} aria-current={i.section === section ? 'page' : undefined}>
                    {i.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="who">
            <a href={withLang(ctx.here, lang === 'vi' ? 'en' : 'vi')} lang={lang === 'vi' ? 'en' : 'vi'} hreflang={lang === 'vi' ? 'en' : 'vi'}>
              {lang === 'vi' ? 'English' : 'Tiếng Việt'}
            </a>
            {principal ? (
              <>
                <span>
                  <span class="muted-inverse">{tr(lang, ROLE_LABEL[principal.role][0], ROLE_LABEL[principal.role][1])}:</span> <strong>{principal.username}</strong>
                </span>
                <form method="post" action="/dang-xuat">
                  <button type="submit">{tr(lang, 'Đăng xuất', 'Sign out')}</button>
                </form>
              </>
            ) : (
              <a href="/dang-nhap">{tr(lang, 'Đăng nhập', 'Sign in')}</a>
            )}
          </div>
        </header>
        <main id="main">{props.children}</main>
        <footer>
          {tr(
            lang,
            'Phòng thử nghiệm sskdt-lab — mô phỏng Cổng tiếp nhận dữ liệu giám định BHYT, KHÔNG phải cổng thật; mọi dữ liệu là tổng hợp (demo).',
            'sskdt-lab — a simulator of the BHXH inspection portal, NOT the real portal; all data is synthetic (demo).',
          )}
        </footer>
      </body>
    </html>
  );
}

export const OUTCOME_LABEL: Record<Outcome, [string, string]> = {
  pass: ['Đạt', 'Pass'],
  fail: ['Không đạt', 'Fail'],
  warning: ['Cảnh báo', 'Warning'],
  'not-applicable': ['Không áp dụng', 'Not applicable'],
  skip: ['Bỏ qua', 'Skipped'],
  error: ['Lỗi nội bộ', 'Internal error'],
};

export const VERDICT_LABEL: Record<'pass' | 'warning' | 'fail', [string, string]> = {
  pass: ['Đạt', 'Pass'],
  warning: ['Đạt, có cảnh báo', 'Pass with warnings'],
  fail: ['Không đạt', 'Fail'],
};

export function OutcomeBadge(props: { lang: Lang; outcome: Outcome }) {
  const [vi, en] = OUTCOME_LABEL[props.outcome];
  return <span class={`badge b-${props.outcome}`}>{tr(props.lang, vi, en)}</span>;
}

export function VerdictBadge(props: { lang: Lang; verdict: 'pass' | 'warning' | 'fail' | null; status?: 'pending' | 'done' | 'rejected' }) {
  const { lang, verdict, status } = props;
  if (status === 'rejected') return <span class="badge b-rejected">{tr(lang, 'Bị từ chối', 'Rejected')}</span>;
  if (status === 'pending') return <span class="badge b-pending">{tr(lang, 'Đang kiểm tra', 'Checking')}</span>;
  if (!verdict) return <span class="badge b-none">{tr(lang, 'Không có kết quả', 'No result')}</span>;
  const [vi, en] = VERDICT_LABEL[verdict];
  return <span class={`badge b-${verdict}`}>{tr(lang, vi, en)}</span>;
}

/** yyyy-mm-dd hh:mm:ss in Asia/Ho_Chi_Minh (UTC+7, no DST) from an ISO time. */
export function vnTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** yyyymmddHHMM (as in the XML) → dd/mm/yyyy HH:MM; anything else unchanged. */
export function xmlTime(v: string | null | undefined): string {
  if (!v) return '';
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?$/.exec(v.trim());
  if (!m) return v;
  return `${m[3]}/${m[2]}/${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
}

export function endpointKind(endpoint: string, lang: Lang): string {
  if (endpoint.startsWith('checkIn')) return tr(lang, 'Check-in (XML0)', 'Check-in (XML0)');
  if (endpoint === 'guiGiayToDienTu') return tr(lang, 'Giấy tờ điện tử', 'Electronic paper');
  return tr(lang, 'Hồ sơ KCB', 'Visit record');
}
