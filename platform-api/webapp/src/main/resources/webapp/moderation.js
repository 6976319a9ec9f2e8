// The moderators' console: characters waiting for review, the report queue with the reported
// text in its context, claims and decisions, strikes, and the audit log.
import { h, mount, field, announce } from './lib/dom.js';
import { api, query } from './lib/api.js';
import { t } from './lib/i18n.js';

const DECISIONS = {
  message: ['dismiss', 'remove_message', 'warn', 'suspend'],
  character: ['dismiss', 'approve_character', 'reject_character', 'unpublish_character', 'warn', 'suspend'],
  user: ['dismiss', 'warn', 'suspend'],
};

export async function render(main) {
  const tab = location.hash.replace(/^#\/?/, '') || 'characters';
  const body = h('div', { id: 'moderation-body' });
  mount(main, h('section', { 'aria-labelledby': 'moderation-title' },
    h('h1', { id: 'moderation-title' }, t('area.moderation')),
    h('nav', { class: 'segmented', 'aria-label': t('moderation.sections') },
      ['characters', 'reports', 'audit'].map((name) => h('a', { href: `#/${name}`, id: `tab-${name}`, 'aria-current': name === tab ? 'page' : null }, t(`moderation.${name}`)))),
    body));
  try {
    if (tab === 'reports') await reports(body);
    else if (tab === 'audit') await audit(body);
    else await characters(body);
  } catch (e) {
    mount(body, h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

async function characters(body) {
  const page = await api.get('/v1/characters/review-queue?limit=50');
  mount(body, h('h2', {}, t('moderation.characters')),
    h('ul', { class: 'queue', id: 'review-queue' }, page.items.length ? page.items.map((c) => {
      const error = h('p', { class: 'error', role: 'alert' });
      const reason = h('input', { id: `reason-${c.id}` });
      const details = h('div', { class: 'details' });
      const decide = (decision) => async () => {
        error.textContent = '';
        try {
          await api.post(`/v1/characters/${c.id}/review`, { decision, reason: reason.value || decision });
          announce(t('moderation.done'));
          await characters(body);
        } catch (e) { error.textContent = e.message; }
      };
      return h('li', { class: 'panel', 'data-character': c.id },
        h('h3', {}, c.name),
        h('p', { class: 'muted' }, t('moderation.owner'), ' ', c.owner_id, ' · ', (c.tags || []).map((x) => `#${x} `)),
        h('p', {}, c.description),
        h('button', { type: 'button', class: 'small', onclick: async () => {
          const full = await api.get(`/v1/characters/${c.id}`);
          mount(details, ['personality', 'scenario', 'first_mes', 'system_prompt'].filter((k) => full[k]).map((k) => h('p', {}, h('strong', {}, t(`card.${k}`)), ': ', full[k])),
            full.character_book ? h('p', {}, t('lorebook.count', full.character_book.entries.length)) : null);
        } }, t('moderation.open')),
        details,
        field(t('moderation.reason'), reason),
        error,
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'primary', 'data-action': 'approve', onclick: decide('approve') }, t('moderation.approve')),
          h('button', { type: 'button', class: 'danger', 'data-action': 'reject', onclick: decide('reject') }, t('moderation.reject'))));
    }) : h('li', { class: 'empty' }, t('moderation.emptyCharacters'))));
}

function contextView(context) {
  if (!context) return null;
  const turns = Array.isArray(context) ? context : (context.messages || context.turns || context.preceding);
  if (Array.isArray(turns)) {
    return h('ol', { class: 'context' }, turns.map((turn) => h('li', {},
      h('strong', {}, turn.role || turn.speaker || ''), ' ', turn.content || turn.text || JSON.stringify(turn))));
  }
  return h('pre', { class: 'context' }, JSON.stringify(context, null, 2));
}

async function reports(body, status = 'open') {
  const page = await api.get(`/v1/moderation/queue${query({ status, limit: 50 })}`);
  const filter = h('select', { id: 'queue-status', onchange: () => reports(body, filter.value) },
    ['open', 'claimed', 'decided'].map((s) => h('option', { value: s, selected: s === status }, t(`queue.${s}`))));
  mount(body, h('h2', {}, t('moderation.reports')), field(t('queue.status'), filter),
    h('ul', { class: 'queue', id: 'report-queue' }, page.items.length ? page.items.map((item) => {
      const error = h('p', { class: 'error', role: 'alert' });
      const decision = h('select', { id: `decision-${item.id}` }, (DECISIONS[item.target_type] || DECISIONS.user).map((d) => h('option', { value: d }, t(`decision.${d}`))));
      const reason = h('input', { id: `decision-reason-${item.id}` });
      const run = (fn) => async () => { error.textContent = ''; try { await fn(); await reports(body, status); } catch (e) { error.textContent = e.message; } };
      return h('li', { class: 'panel', 'data-item': item.id },
        h('p', {}, h('span', { class: 'badge' }, t(`target.${item.target_type}`)), ' ',
          item.involves_minor ? h('span', { class: 'badge minor' }, t('moderation.minor')) : null, ' ',
          t('moderation.severity', item.severity), ' · ', t('moderation.reportCount', item.report_count), ' · ',
          t('moderation.strikes', item.subject_strikes)),
        (item.categories || []).length ? h('p', { class: 'muted' }, item.categories.join(', ')) : null,
        h('blockquote', { class: 'reported' }, item.content || ''),
        contextView(item.context),
        item.status === 'decided'
          ? h('p', {}, t('moderation.decided', t(`decision.${item.decision}`), item.decided_by || ''), item.decision_reason ? ` — ${item.decision_reason}` : '')
          : h('div', { class: 'stack' },
            item.status === 'open'
              ? h('button', { type: 'button', 'data-action': 'claim', onclick: run(() => api.post(`/v1/moderation/items/${item.id}/claim`)) }, t('moderation.claim'))
              : h('p', { class: 'muted' }, t('moderation.claimedBy', item.claimed_by || '')),
            field(t('moderation.decision'), decision),
            field(t('moderation.reason'), reason),
            h('button', { type: 'button', class: 'primary', 'data-action': 'decide', onclick: run(() => api.post(`/v1/moderation/items/${item.id}/decision`, { decision: decision.value, reason: reason.value || null })) }, t('moderation.decide'))),
        error);
    }) : h('li', { class: 'empty' }, t('moderation.emptyQueue'))));
}

async function audit(body) {
  const entries = await api.get('/v1/moderation/audit?limit=100');
  mount(body, h('h2', {}, t('moderation.audit')),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table', id: 'audit' },
      h('caption', { class: 'visually-hidden' }, t('moderation.audit')),
      h('thead', {}, h('tr', {}, ['when', 'actor', 'action', 'target', 'reason'].map((c) => h('th', { scope: 'col' }, t(`audit.${c}`))))),
      h('tbody', {}, entries.map((e) => h('tr', {},
        h('td', {}, new Date(e.at).toLocaleString()), h('td', {}, e.actor), h('td', {}, e.action),
        h('td', {}, `${e.target_type} ${String(e.target_id).slice(0, 8)}`), h('td', {}, e.reason || '')))))));
}
