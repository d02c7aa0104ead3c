/** @jsxImportSource hono/jsx */
/** Sign-in: the portal's facility accounts and the demo Department / trainer accounts, one form. */
import { Layout, tr, type PageContext } from '../ui.tsx';

export function SignInPage(props: { ctx: PageContext; next: string; error?: string; username?: string }) {
  const { ctx } = props;
  const { lang } = ctx;
  return (
    <Layout ctx={ctx} title={tr(lang, 'Đăng nhập', 'Sign in')} section="signin">
      <div class="signin">
        <h1>{tr(lang, 'Đăng nhập không gian làm việc', 'Sign in to the workspace')}</h1>
        <p class="muted">
          {tr(
            lang,
            'Cơ sở KBCB dùng tài khoản của Cổng (ví dụ 52001_BV); Sở Y tế và giảng viên dùng tài khoản được cấp.',
            'Facilities use their portal account (e.g. 52001_BV); the Department of Health and trainers use their own accounts.',
          )}
        </p>
        {props.error ? (
          <p class="error-box" role="alert" id="signin-error">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/dang-nhap">
          <input type="hidden" name="next" value={props.next} />
          <label>
            {tr(lang, 'Tên đăng nhập', 'Username')}
            <input type="text" name="username" autocomplete="username" required value={props.username ?? ''} />
          </label>
          <label>
            {tr(lang, 'Mật khẩu', 'Password')}
            <input type="password" name="password" autocomplete="current-password" required />
          </label>
          <button type="submit">{tr(lang, 'Đăng nhập', 'Sign in')}</button>
        </form>
        <div class="note">
          <p>{tr(lang, 'Tài khoản demo (dữ liệu tổng hợp), mật khẩu sskdt-demo:', 'Demo accounts (synthetic data), password sskdt-demo:')}</p>
          <ul>
            <li>
              <code>52001_BV</code>, <code>52002_BV</code> — {tr(lang, 'cơ sở KBCB', 'facilities')}
            </li>
            <li>
              <code>SYT_52</code> — {tr(lang, 'Sở Y tế Bình Định (xem các cơ sở của tỉnh)', 'Bình Định Department of Health (the province’s facilities)')}
            </li>
            <li>
              <code>TRAINER_52</code> — {tr(lang, 'giảng viên (trang thực hành)', 'trainer (playground)')}
            </li>
          </ul>
        </div>
      </div>
    </Layout>
  );
}
