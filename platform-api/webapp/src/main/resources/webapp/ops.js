// The operators' console: model aliases with their versions, node health and canary split and
// decisions; API keys; and the growth dashboard once analytics answers.
import { h, mount, field, announce } from './lib/dom.js';
import { api, query } from './lib/api.js';
import { t } from './lib/i18n.js';

let ctx;

export async function render(main, context) {
  ctx = context;
  const tab = location.hash.replace(/^#\/?/, '') || 'models';
  const body = h('div', { id: 'ops-body' });
  mount(main, h('section', { 'aria-labelledby': 'ops-title' },
    h('h1', { id: 'ops-title' }, t('area.ops')),
    h('nav', { class: 'segmented', 'aria-label': t('ops.sections') },
      ['models', 'keys', 'growth'].map((name) => h('a', { href: `#/${name}`, id: `tab-${name}`, 'aria-current': name === tab ? 'page' : null }, t(`ops.${name}`)))),
    body));
  try {
    if (tab === 'keys') await keys(body);
    else if (tab === 'growth') await growth(body);
    else await models(body);
  } catch (e) {
    mount(body, h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

function weighted(cls, weight) {
  const part = h('span', { class: cls });
  part.style.flexGrow = String(weight);
  return part;
}

const pct = (x) => `${Math.round((x || 0) * 1000) / 10}%`;

async function models(body) {
  const page = await api.get('/v1/admin/models');
  mount(body, page.items.length ? page.items.map((alias) => aliasView(body, alias)) : h('p', { class: 'empty' }, t('ops.noModels')));
}

function aliasView(body, alias) {
  const error = h('p', { class: 'error', role: 'alert' });
  const run = (fn) => async () => { error.textContent = ''; try { await fn(); await models(body); announce(t('ops.updated')); } catch (e) { error.textContent = e.message; } };
  const others = alias.versions.map((v) => v.version).filter((v) => v !== alias.stable_version);
  const decisions = h('ol', { class: 'decisions' });
  api.get(`/v1/admin/models/${alias.alias}/decisions`).then((d) => mount(decisions, d.items.slice(0, 10).map((x) =>
    h('li', {}, `${x.decided_at ? new Date(x.decided_at).toLocaleString() : ''} · ${x.decision} ${x.canary_version || ''} · ${x.reason || ''}`)))).catch(() => {});
  let canary;
  if (alias.canary) {
    const c = alias.canary;
    canary = h('div', { class: 'panel', id: `canary-${alias.alias}` },
      h('h3', {}, t('ops.canary')),
      h('p', {}, t('ops.canarySplit', c.version, pct(c.weight))),
      h('div', { class: 'split-bar', role: 'img', 'aria-label': t('ops.canarySplit', c.version, pct(c.weight)) },
        weighted('stable-part', 1 - c.weight), weighted('canary-part', c.weight)),
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), ['samples', 'errors', 'errorRate', 'ttft'].map((k) => h('th', { scope: 'col' }, t(`ops.${k}`))))),
        h('tbody', {}, [['stable', c.stable], ['canary', c.canary]].map(([k, s]) => h('tr', {}, h('th', { scope: 'row' }, t(`ops.${k}`)),
          h('td', {}, String(s?.samples ?? 0)), h('td', {}, String(s?.errors ?? 0)), h('td', {}, pct(s?.error_rate)), h('td', {}, s?.ttft_p95_ms ? `${Math.round(s.ttft_p95_ms)} ms` : '–'))))),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'primary', onclick: run(() => api.post(`/v1/admin/models/${alias.alias}/canary/promote`)) }, t('ops.promote')),
        h('button', { type: 'button', class: 'danger', onclick: run(() => api.del(`/v1/admin/models/${alias.alias}/canary`)) }, t('ops.stopCanary'))));
  } else if (others.length) {
    const version = h('select', { id: `canary-version-${alias.alias}` }, others.map((v) => h('option', { value: v }, v)));
    const weight = h('input', { id: `canary-weight-${alias.alias}`, type: 'number', min: 1, max: 100, value: 5 });
    canary = h('form', { class: 'panel stack', onsubmit: (e) => { e.preventDefault(); run(() => api.post(`/v1/admin/models/${alias.alias}/canary`, { version: version.value, weight: Number(weight.value) / 100 }))(); } },
      h('h3', {}, t('ops.startCanary')), field(t('ops.version'), version), field(t('ops.weight'), weight), h('button', { type: 'submit' }, t('ops.startCanary')));
  } else {
    canary = h('p', { class: 'muted' }, t('ops.noCanary'));
  }
  return h('article', { class: 'panel', 'data-alias': alias.alias },
    h('h2', {}, alias.alias), alias.description ? h('p', { class: 'muted' }, alias.description) : null,
    h('p', {}, t('ops.stable'), ': ', h('strong', {}, alias.stable_version || '–')),
    alias.versions.map((v) => h('section', {},
      h('h3', {}, t('ops.versionTitle', v.version), v.version === alias.stable_version ? ` · ${t('ops.stable')}` : '', alias.canary && alias.canary.version === v.version ? ` · ${t('ops.canary')}` : ''),
      h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table nodes' },
        h('thead', {}, h('tr', {}, ['node', 'health', 'circuit', 'outstanding', 'running', 'kv'].map((k) => h('th', { scope: 'col' }, t(`ops.${k}`))))),
        h('tbody', {}, (v.pool || []).map((n) => h('tr', {},
          h('td', {}, n.url),
          h('td', {}, h('span', { class: `badge ${n.ready && !n.ejected ? 'ok' : 'bad'}` }, n.ejected ? t('ops.ejected') : n.ready ? t('ops.ready') : t('ops.down'))),
          h('td', {}, n.circuit || ''), h('td', {}, String(n.outstanding)), h('td', {}, `${n.running ?? 0} / ${n.waiting ?? 0}`), h('td', {}, pct(n.kv_cache_usage))))))))),
    canary,
    h('h3', {}, t('ops.decisions')), decisions,
    error);
}

async function keys(body) {
  const page = await api.get('/v1/admin/api-keys');
  const error = h('p', { class: 'error', role: 'alert' });
  const created = h('div', { role: 'status', id: 'created-key' });
  const name = h('input', { id: 'key-name', required: true });
  const rpm = h('input', { id: 'key-rpm', type: 'number', min: 1, value: 60 });
  mount(body,
    h('form', {
      class: 'panel stack',
      onsubmit: async (e) => {
        e.preventDefault();
        error.textContent = '';
        try {
          const key = await api.post('/v1/admin/api-keys', { name: name.value, rpm_limit: Number(rpm.value) || null });
          await keys(body);
          mount(document.getElementById('created-key'), h('p', { class: 'notice' }, t('keys.once'), ' ', h('code', {}, key.key)));
        } catch (err) { error.textContent = err.message; }
      },
    }, h('h2', {}, t('keys.create')), field(t('keys.name'), name), field(t('keys.rpm'), rpm), error,
    h('button', { type: 'submit', class: 'primary' }, t('keys.create'))),
    created,
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table', id: 'keys' },
      h('thead', {}, h('tr', {}, ['name', 'product', 'prefix', 'rpm', 'created', ''].map((k) => h('th', { scope: 'col' }, k ? t(`keys.${k}`) : h('span', { class: 'visually-hidden' }, t('keys.actions')))))),
      h('tbody', {}, page.items.map((k) => h('tr', {},
        h('td', {}, k.name), h('td', {}, k.product), h('td', {}, h('code', {}, k.key_prefix)), h('td', {}, String(k.rpm_limit ?? '–')),
        h('td', {}, new Date(k.created_at).toLocaleDateString()),
        h('td', {}, k.revoked_at ? t('keys.revoked') : h('button', {
          type: 'button', class: 'small danger', 'aria-label': t('keys.revokeNamed', k.name),
          onclick: async () => { try { await api.del(`/v1/admin/api-keys/${k.id}`); await keys(body); } catch (e) { error.textContent = e.message; } },
        }, t('keys.revoke')))))))));
}

async function growth(body) {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 13 * 864e5).toISOString().slice(0, 10);
  let daily;
  try {
    daily = await api.get(`/v1/analytics/daily${query({ product: ctx.product.id, from, to })}`);
  } catch (e) {
    mount(body, h('p', { class: 'notice', role: 'note' }, e.status === 404 ? t('growth.unavailable') : e.message));
    return;
  }
  const retention = await api.get(`/v1/analytics/retention${query({ product: ctx.product.id, from, to })}`).catch(() => ({ cohorts: [] }));
  // model quality per version of every alias, with the quality guard's latest verdict
  const aliases = await api.get('/v1/admin/models').then((page) => page.items.map((a) => a.alias)).catch(() => []);
  const qualities = await Promise.all(aliases.map((alias) =>
    api.get(`/v1/analytics/models/${encodeURIComponent(alias)}/quality${query({ from, to })}`).catch(() => null)));
  mount(body,
    h('h2', {}, t('growth.daily')),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table daily' },
      h('thead', {}, h('tr', {}, ['date', 'dau', 'new_users', 'messages', 'conversations'].map((k) => h('th', { scope: 'col' }, t(`growth.${k}`))))),
      // newest first: today is what an operator looks for
      h('tbody', {}, daily.days.slice().reverse().map((d) => h('tr', {}, ['date', 'dau', 'new_users', 'messages', 'conversations'].map((k) => h('td', {}, String(d[k] ?? '')))))))),
    h('h2', {}, t('growth.retention')),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['date', 'size', 'd1', 'd7', 'd30'].map((k) => h('th', { scope: 'col' }, t(`growth.${k}`))))),
      h('tbody', {}, retention.cohorts.map((c) => h('tr', {}, h('td', {}, c.date), h('td', {}, String(c.size)), ['d1', 'd7', 'd30'].map((k) => h('td', {}, pct(c[k])))))))),
    h('h2', {}, t('growth.quality')),
    qualities.filter(Boolean).length ? qualities.filter(Boolean).map(qualityView) : h('p', { class: 'empty' }, t('growth.noQuality')));
}

const QUALITY_COLUMNS = ['version', 'turns', 'rating_mean', 'regenerate_rate', 'turns_per_conversation', 'early_abandon_rate', 'ttft'];

function qualityView(q) {
  const cell = (v, k) => {
    if (k === 'version') return v.version;
    if (k === 'turns') return String(v.turns ?? 0);
    if (k === 'rating_mean') return v.ratings ? `${(v.rating_mean ?? 0).toFixed(2)} (${v.ratings})` : '–';
    if (k === 'turns_per_conversation') return (v.turns_per_conversation ?? 0).toFixed(1);
    if (k === 'ttft') return v.ttft_p50_ms != null ? `${Math.round(v.ttft_p50_ms)} / ${Math.round(v.ttft_p95_ms)} ms` : '–';
    return pct(v[k]);
  };
  const verdict = q.verdict;
  return h('section', { class: 'panel', 'data-quality-alias': q.alias },
    h('h3', {}, q.alias),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table quality' },
      h('thead', {}, h('tr', {}, QUALITY_COLUMNS.map((k) => h('th', { scope: 'col' }, t(`growth.${k}`))))),
      h('tbody', {}, q.versions.map((v) => h('tr', {}, QUALITY_COLUMNS.map((k) => h('td', {}, cell(v, k)))))))),
    h('p', { class: 'muted' }, verdict
      ? t('growth.verdict', verdict.decision, verdict.canary_version || '–', verdict.stable_version || '–', verdict.reason || '')
      : t('growth.noVerdict')));
}
