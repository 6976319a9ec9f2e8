// Sign-in: the identity service when it is configured, else the local-only sign-in
// (GET /v1/app/config says which; the local one exists only when the platform runs locally).
import { h, mount, field } from './lib/dom.js';
import { api } from './lib/api.js';
import { session, startIdentitySignIn } from './lib/session.js';
import { t } from './lib/i18n.js';

const DEFAULT_ROLES = { '/': ['user'], '/studio': ['user', 'creator'], '/moderation': ['user', 'moderator'], '/ops': ['user', 'admin'] };

export function renderSignIn(main, { config, area, onProduct }) {
  const section = h('section', { class: 'panel signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('signin.title')));
  const products = config.products;
  const current = document.documentElement.dataset.product || (products[0] && products[0].id);
  if (config.sign_in.identity_url) {
    section.append(h('button', {
      type: 'button', class: 'primary', id: 'signin-identity',
      onclick: () => startIdentitySignIn(config.sign_in.identity_url),
    }, t('signin.identity')));
  }
  if (!config.sign_in.local) {
    if (!config.sign_in.identity_url) section.append(h('p', { role: 'alert' }, t('signin.none')));
    mount(main, section);
    return;
  }
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const user = h('input', { id: 'signin-user', name: 'user', required: true, autocomplete: 'username', value: localStorage.getItem('companion.lastUser') || '' });
  const product = h('select', { id: 'signin-product', name: 'product', onchange: () => onProduct(product.value) },
    products.map((p) => h('option', { value: p.id, selected: p.id === current }, p.display_name)));
  const roles = ['creator', 'moderator', 'admin'].map((r) =>
    h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'role', value: r, id: `signin-role-${r}`, checked: DEFAULT_ROLES[area.path].includes(r) }),
      t(`role.${r}`)));
  const ages = ['adult', 'minor'].map((a) =>
    h('label', { class: 'check' },
      h('input', { type: 'radio', name: 'age', value: a, id: `signin-age-${a}`, checked: a === 'adult' }),
      t(`age.${a}`)));
  const form = h('form', {
    class: 'stack',
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        const chosen = [...form.querySelectorAll('input[name=role]:checked')].map((i) => i.value);
        const age = form.querySelector('input[name=age]:checked').value;
        const answer = await api.post('/v1/app/local-token', {
          user: user.value.trim(), roles: ['user', ...chosen], product: product.value, age_group: age,
        });
        localStorage.setItem('companion.lastUser', user.value.trim());
        localStorage.setItem('companion.product', product.value);
        session.signIn(answer.access_token);
      } catch (e) {
        error.textContent = e.message;
      }
    },
  },
  h('p', { class: 'note' }, t('signin.localNote')),
  field(t('signin.user'), user),
  field(t('signin.product'), product),
  h('fieldset', {}, h('legend', {}, t('signin.roles')), roles),
  h('fieldset', {}, h('legend', {}, t('signin.age')), ages),
  error,
  h('button', { type: 'submit', class: 'primary', id: 'signin-submit' }, t('signin.submit')));
  section.append(form);
  mount(main, section);
}

/** The identity service's sign-in came back but could not be finished: say why, offer a way back. */
export function renderSignInFailed(main, failure) {
  mount(main, h('section', { class: 'panel signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('signin.failed')),
    h('p', { class: 'error', role: 'alert', id: 'signin-callback-error' }, t(failure.key || 'signin.refused')),
    failure.detail ? h('p', { class: 'note' }, failure.detail) : null,
    h('a', { class: 'button primary', id: 'signin-again', href: failure.back || '/' }, t('signin.again'))));
}
