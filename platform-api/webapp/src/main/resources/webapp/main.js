// The app shell: configuration, language, product theme, sign-in, header and the four areas.
import { h, mount } from './lib/dom.js';
import { api } from './lib/api.js';
import { session, finishIdentitySignIn } from './lib/session.js';
import { t, lang, setLang, initLang } from './lib/i18n.js';
import { renderSignIn, renderSignInFailed } from './signin.js';

const AREAS = [
  { path: '/', key: 'area.chat', module: './chat.js', role: null },
  { path: '/studio', key: 'area.studio', module: './studio.js', role: 'creator' },
  { path: '/moderation', key: 'area.moderation', module: './moderation.js', role: 'moderator' },
  { path: '/ops', key: 'area.ops', module: './ops.js', role: 'admin' },
];

const root = document.getElementById('app');
let config = { products: [], sign_in: { local: false, identity_url: null } };
/** Why the sign-in that came back on /callback failed (a SignInFailed), shown until the user moves on. */
let signInFailed = null;

function currentArea() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  return AREAS.find((a) => a.path !== '/' && (path === a.path || path.startsWith(`${a.path}/`))) || AREAS[0];
}

export function productOf(id) {
  return config.products.find((p) => p.id === id) || config.products[0] || { id, display_name: id, settings: {} };
}

function applyTheme(product) {
  const theme = (product.settings && product.settings.theme) || {};
  const style = document.documentElement.style;
  if (theme.brand) style.setProperty('--brand', theme.brand);
  if (theme.accent) style.setProperty('--accent', theme.accent);
  document.documentElement.dataset.product = product.id;
}

function header(area, product, user) {
  const nav = AREAS.filter((a) => !a.role || session.has(a.role)).map((a) =>
    h('a', { href: a.path, 'aria-current': a === area ? 'page' : null }, t(a.key)));
  return h('header', { class: 'top' },
    h('a', { class: 'brand', href: '/' }, product.display_name || product.id),
    user && user.minor ? h('span', { class: 'badge minor', id: 'minor-badge' }, t('minor.badge')) : null,
    h('nav', { 'aria-label': t('nav.label') }, nav),
    h('div', { class: 'top-actions' },
      h('button', {
        type: 'button', class: 'ghost', id: 'lang-toggle', lang: lang() === 'zh' ? 'en' : 'zh',
        'aria-label': t('lang.switch'),
        onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); render(); },
      }, lang() === 'zh' ? 'English' : '中文'),
      user ? h('span', { class: 'account', id: 'account-name', title: user.name }, user.name) : null,
      user ? h('button', { type: 'button', class: 'ghost', id: 'sign-out', onclick: signOut }, t('signout')) : null));
}

/**
 * The button waits while the identity service revokes the refresh token (a few seconds at most);
 * after a sign-in through it, the browser then leaves for its end-session endpoint and comes back.
 */
function signOut(event) {
  event.currentTarget.disabled = true;
  event.currentTarget.setAttribute('aria-busy', 'true');
  return session.signOut();
}

export async function render() {
  const area = currentArea();
  // an access token that expired while the app was closed: a refresh token may still be good
  if (!session.user()) await session.refresh();
  const user = session.user();
  const product = productOf(user ? user.product : localStorage.getItem('companion.product'));
  initLang(product);
  applyTheme(product);
  document.title = `${product.display_name || ''} · ${t(area.key)}`;
  const main = h('main', { id: 'main', tabindex: '-1' });
  mount(root,
    header(area, product, user),
    h('div', { id: 'live', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' }),
    main);
  if (signInFailed) {
    renderSignInFailed(main, signInFailed);
    return;
  }
  if (!user) {
    renderSignIn(main, { config, area, onProduct: (id) => { localStorage.setItem('companion.product', id); render(); } });
    return;
  }
  if (area.role && !session.has(area.role)) {
    mount(main, h('section', { class: 'panel' },
      h('h1', {}, t(area.key)),
      h('p', { class: 'error', role: 'alert' }, t('area.forbidden')),
      h('button', { type: 'button', onclick: signOut }, t('signin.other'))));
    return;
  }
  const module = await import(area.module);
  await module.render(main, { config, product, user, rerender: render });
}

async function start() {
  try {
    config = await api.get('/v1/app/config');
  } catch (e) {
    mount(root, h('main', { id: 'main' }, h('p', { class: 'error', role: 'alert' }, e.message)));
    return;
  }
  if (location.pathname === '/callback') await finishSignIn();
  session.onChange(render);
  window.addEventListener('hashchange', render);
  await render();
}

/** Back from the identity service: exchange the code, then return to where the user started. */
async function finishSignIn() {
  mount(root, h('main', { id: 'main' }, h('p', { class: 'loading', role: 'status' }, t('signin.finishing'))));
  try {
    const back = await finishIdentitySignIn(new URLSearchParams(location.search));
    history.replaceState(null, '', back);
  } catch (e) {
    signInFailed = e;
    // the code is spent either way; a reload should not try it again
    history.replaceState(null, '', '/callback');
  }
}

start();
