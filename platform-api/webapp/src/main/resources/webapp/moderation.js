// The moderators' console: characters waiting for review, the report queue with the reported
// text in its context, claims and decisions, strikes, the lexicon and the policies (moderators
// read them, admins change them, as safety-filter allows), and the audit log.
import { h, mount, field, announce } from './lib/dom.js';
import { api, query } from './lib/api.js';
import { session } from './lib/session.js';
import { t, lang, addTexts } from './lib/i18n.js';

// the lexicon and policy editors' texts (the rest of the console's are in lib/i18n.js)
addTexts({
  en: {
    'rules.readOnly': 'Only admins can change the lexicon and the policies; moderators see them here.',
    'rules.reason': 'Reason', 'rules.reasonHint': 'Kept in the audit log with your name.',
    'language.zh': 'Chinese', 'language.en': 'English',
    'lexicon.about': (v) => `Lexicon version ${v}. Every app shares these terms: a match counts towards its category, and each app's policy decides what happens.`,
    'lexicon.category': 'Category', 'lexicon.language': 'Language', 'lexicon.allCategories': 'All categories', 'lexicon.allLanguages': 'Both languages',
    'lexicon.terms': (n) => `Terms (${n})`, 'lexicon.term': 'Term', 'lexicon.weight': 'Weight', 'lexicon.actions': 'Actions',
    'lexicon.termHint': 'Matched after the same clean-up as messages (width, case, look-alike characters). A Latin term matches whole words; end it with * to match any ending.',
    'lexicon.weightHint': 'The score a match gives its category, from 0 to 1.',
    'lexicon.add': 'Add term', 'lexicon.remove': 'Remove', 'lexicon.removeNamed': (x) => `Remove ${x}`, 'lexicon.removeReason': (x) => `Why remove ${x}?`,
    'lexicon.confirmRemove': 'Remove term', 'lexicon.none': 'No terms match these filters.',
    'lexicon.changes': 'Recent changes', 'lexicon.noChanges': 'No changes yet: the seed list is in use.',
    'lexicon.action.add': 'added', 'lexicon.action.remove': 'removed',
    'lexicon.addedAs': (x, v) => `Added ${x}: lexicon version ${v}`, 'lexicon.removedAs': (x, v) => `Removed ${x}: lexicon version ${v}`,
    'policy.product': 'App', 'policy.ageGroup': 'Age group', 'policy.anyProduct': 'Every app without its own',
    'policy.builtIn': (a) => `Built-in policy (${a}): nothing stored yet.`,
    'policy.inherited': (v) => `This app has no policy of its own for this age group: it uses the one for every app (version ${v}).`,
    'policy.own': (v) => `Version ${v}`,
    'policy.help': 'A score at or above "Block at" stops the text; at or above "Review at" sends it to the review queue; "Mask" hides the matched words instead of blocking. An empty threshold turns that step off. Saving stores this app\'s own policy for the age group; it applies within seconds.',
    'policy.category': 'Category', 'policy.blockAt': 'Block at', 'policy.reviewAt': 'Review at', 'policy.redact': 'Mask',
    'policy.off': '–', 'policy.yes': 'yes', 'policy.no': 'no',
    'policy.save': 'Save policy', 'policy.saved': (v) => `Policy saved: version ${v}`, 'policy.others': 'Stored policies:',
    'policy.reasonHint': 'Why this change? Kept with the new version and in the audit log, with your name.',
    'policy.reasonRequired': 'Say why you are changing the policy.',
    'policy.changes': 'Recent policy changes', 'policy.noChanges': 'No changes yet: the built-in policies are in use.',
    'category.sexual': 'Sexual', 'category.sexual/minors': 'Sexual, minors', 'category.harassment': 'Harassment',
    'category.harassment/threatening': 'Harassment, threats', 'category.hate': 'Hate', 'category.hate/threatening': 'Hate, threats',
    'category.self-harm': 'Self-harm', 'category.self-harm/intent': 'Self-harm, intent', 'category.self-harm/instructions': 'Self-harm, instructions',
    'category.violence': 'Violence', 'category.violence/graphic': 'Violence, graphic', 'category.illicit': 'Illicit',
    'category.offensive': 'Offensive language', 'category.personal-data': 'Personal data',
  },
  zh: {
    'rules.readOnly': '只有管理员可以修改词库和审核策略；审核员可以在这里查看。',
    'rules.reason': '理由', 'rules.reasonHint': '会连同你的名字记入审核日志。',
    'language.zh': '中文', 'language.en': '英文',
    'lexicon.about': (v) => `词库版本 ${v}。所有应用共用这些词条：命中会计入其类别，如何处理由各应用的审核策略决定。`,
    'lexicon.category': '类别', 'lexicon.language': '语言', 'lexicon.allCategories': '全部类别', 'lexicon.allLanguages': '全部语言',
    'lexicon.terms': (n) => `词条（${n}）`, 'lexicon.term': '词条', 'lexicon.weight': '权重', 'lexicon.actions': '操作',
    'lexicon.termHint': '与消息做同样的规范化（全半角、大小写、形近字）后匹配。英文词条按整词匹配，以 * 结尾可匹配任意词尾。',
    'lexicon.weightHint': '命中时给该类别的分数，0 到 1。',
    'lexicon.add': '添加词条', 'lexicon.remove': '删除', 'lexicon.removeNamed': (x) => `删除 ${x}`, 'lexicon.removeReason': (x) => `为什么删除 ${x}？`,
    'lexicon.confirmRemove': '确认删除', 'lexicon.none': '没有符合筛选条件的词条。',
    'lexicon.changes': '最近的修改', 'lexicon.noChanges': '还没有修改：正在使用初始词表。',
    'lexicon.action.add': '添加了', 'lexicon.action.remove': '删除了',
    'lexicon.addedAs': (x, v) => `已添加 ${x}：词库版本 ${v}`, 'lexicon.removedAs': (x, v) => `已删除 ${x}：词库版本 ${v}`,
    'policy.product': '应用', 'policy.ageGroup': '年龄段', 'policy.anyProduct': '所有没有单独策略的应用',
    'policy.builtIn': (a) => `内置策略（${a}）：尚未保存过。`,
    'policy.inherited': (v) => `这个应用在该年龄段没有单独的策略，使用所有应用的通用策略（版本 ${v}）。`,
    'policy.own': (v) => `版本 ${v}`,
    'policy.help': '分数达到“拦截阈值”时拦截；达到“复审阈值”时送入审核队列；勾选“遮盖”时遮盖命中的词而不拦截。阈值留空表示不做这一步。保存后成为该应用在此年龄段的单独策略，几秒内生效。',
    'policy.category': '类别', 'policy.blockAt': '拦截阈值', 'policy.reviewAt': '复审阈值', 'policy.redact': '遮盖',
    'policy.off': '–', 'policy.yes': '是', 'policy.no': '否',
    'policy.save': '保存策略', 'policy.saved': (v) => `策略已保存：版本 ${v}`, 'policy.others': '已保存的策略：',
    'policy.reasonHint': '为什么修改？会随新版本和你的名字一起记入审核日志。',
    'policy.reasonRequired': '请填写修改策略的理由。',
    'policy.changes': '最近的策略修改', 'policy.noChanges': '还没有修改：正在使用内置策略。',
    'category.sexual': '色情', 'category.sexual/minors': '涉及未成年人的色情', 'category.harassment': '骚扰',
    'category.harassment/threatening': '骚扰（威胁）', 'category.hate': '仇恨', 'category.hate/threatening': '仇恨（威胁）',
    'category.self-harm': '自伤', 'category.self-harm/intent': '自伤（意图）', 'category.self-harm/instructions': '自伤（方法）',
    'category.violence': '暴力', 'category.violence/graphic': '暴力（血腥）', 'category.illicit': '违法',
    'category.offensive': '冒犯性语言', 'category.personal-data': '个人信息',
  },
});

const DECISIONS = {
  message: ['dismiss', 'remove_message', 'warn', 'suspend'],
  character: ['dismiss', 'approve_character', 'reject_character', 'unpublish_character', 'warn', 'suspend'],
  user: ['dismiss', 'warn', 'suspend'],
};

/** safety-filter's categories, in its order (wire names). */
const CATEGORIES = ['sexual', 'sexual/minors', 'harassment', 'harassment/threatening', 'hate', 'hate/threatening',
  'self-harm', 'self-harm/intent', 'self-harm/instructions', 'violence', 'violence/graphic', 'illicit', 'offensive',
  'personal-data'];
const LANGUAGES = ['zh', 'en'];
const TABS = ['characters', 'reports', 'lexicon', 'policies', 'audit'];

let ctx;
/** What the lexicon and policy tabs show; kept while the user moves between tabs. */
const lexiconFilter = { category: 'harassment', language: '' };
const policyChoice = { product: null, ageGroup: 'adult' };
/** The latest render of a tab: a slower answer to an earlier choice must not replace it. */
let latest = 0;

export async function render(main, context) {
  ctx = context;
  const tab = location.hash.replace(/^#\/?/, '') || 'characters';
  const body = h('div', { id: 'moderation-body' });
  mount(main, h('section', { 'aria-labelledby': 'moderation-title' },
    h('h1', { id: 'moderation-title' }, t('area.moderation')),
    h('nav', { class: 'segmented', 'aria-label': t('moderation.sections') },
      TABS.map((name) => h('a', { href: `#/${name}`, id: `tab-${name}`, 'aria-current': name === tab ? 'page' : null }, t(`moderation.${name}`)))),
    body));
  try {
    if (tab === 'reports') await reports(body);
    else if (tab === 'lexicon') await lexicon(body);
    else if (tab === 'policies') await policies(body);
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

const categoryName = (c) => t(`category.${c}`);
const termLang = (language) => (language === 'zh' ? 'zh-CN' : 'en');
const canChange = () => session.has('admin');
const readOnlyNote = () => (canChange() ? null : h('p', { class: 'note', id: 'rules-read-only' }, t('rules.readOnly')));

/** Terms per category and language (shared by every app), their additions and removals. */
async function lexicon(body, focusId) {
  const ticket = ++latest;
  const page = await api.get(`/v1/admin/lexicons${query(lexiconFilter)}`);
  const changes = await api.get(`/v1/admin/lexicons/changes${query({ after: Math.max(0, page.version - 10), limit: 10 })}`);
  if (ticket !== latest) return;
  const category = h('select', { id: 'lexicon-category', onchange: () => { lexiconFilter.category = category.value; lexicon(body, 'lexicon-category'); } },
    h('option', { value: '' }, t('lexicon.allCategories')),
    CATEGORIES.map((c) => h('option', { value: c, selected: c === lexiconFilter.category }, categoryName(c))));
  const language = h('select', { id: 'lexicon-language', onchange: () => { lexiconFilter.language = language.value; lexicon(body, 'lexicon-language'); } },
    h('option', { value: '' }, t('lexicon.allLanguages')),
    LANGUAGES.map((l) => h('option', { value: l, selected: l === lexiconFilter.language }, t(`language.${l}`))));
  const showCategory = !lexiconFilter.category;
  const columns = ['term', 'language', ...(showCategory ? ['category'] : []), 'weight', ...(canChange() ? ['actions'] : [])];
  const rows = h('tbody', {}, page.items.map((term) => termRow(body, term, showCategory)));
  mount(body, h('h2', {}, t('moderation.lexicon')),
    h('p', { class: 'muted' }, t('lexicon.about', page.version)),
    readOnlyNote(),
    canChange() ? addTermForm(body) : null,
    h('div', { class: 'row' }, field(t('lexicon.category'), category), field(t('lexicon.language'), language)),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table', id: 'lexicon-terms' },
      h('caption', { class: 'visually-hidden' }, t('lexicon.terms', page.items.length)),
      // the buttons name themselves: their column's heading is for screen readers only
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c === 'actions' ? h('span', { class: 'visually-hidden' }, t(`lexicon.${c}`)) : t(`lexicon.${c}`))))),
      rows)),
    page.items.length ? null : h('p', { class: 'empty' }, t('lexicon.none')),
    h('h3', {}, t('lexicon.changes')),
    changes.length ? h('ol', { id: 'lexicon-changes', reversed: true }, [...changes].reverse().map((c) => h('li', {},
      `${new Date(c.changed_at).toLocaleString()} · ${c.actor} · ${t(`lexicon.action.${c.action}`)} `,
      h('span', { lang: termLang(c.language) }, c.term), ` · ${categoryName(c.category)} · ${t(`language.${c.language}`)}`,
      c.reason ? ` · ${c.reason}` : ''))) : h('p', { class: 'empty' }, t('lexicon.noChanges')));
  if (focusId) document.getElementById(focusId)?.focus();
}

function addTermForm(body) {
  const error = h('p', { class: 'error', role: 'alert' });
  const term = h('input', { id: 'term-text', required: true, maxlength: 64, autocomplete: 'off' });
  const category = h('select', { id: 'term-category' }, CATEGORIES.map((c) => h('option', { value: c, selected: c === (lexiconFilter.category || 'harassment') }, categoryName(c))));
  const language = h('select', { id: 'term-language' }, LANGUAGES.map((l) => h('option', { value: l, selected: l === (lexiconFilter.language || (lang() === 'zh' ? 'zh' : 'en')) }, t(`language.${l}`))));
  const weight = h('input', { id: 'term-weight', type: 'number', min: 0.01, max: 1, step: 'any', value: 0.9, required: true });
  const reason = h('input', { id: 'term-reason', autocomplete: 'off' });
  return h('form', {
    class: 'panel stack', id: 'lexicon-add', 'aria-labelledby': 'lexicon-add-title',
    onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        const change = await api.post('/v1/admin/lexicons/terms', {
          category: category.value, language: language.value, term: term.value.trim(), weight: Number(weight.value), reason: reason.value.trim() || null,
        });
        Object.assign(lexiconFilter, { category: change.term.category, language: '' });
        await lexicon(body, 'term-text');
        announce(t('lexicon.addedAs', change.term.term, change.version));
      } catch (err) { error.textContent = err.message; }
    },
  },
  h('h3', { id: 'lexicon-add-title' }, t('lexicon.add')),
  field(t('lexicon.term'), term, t('lexicon.termHint')),
  field(t('lexicon.category'), category),
  field(t('lexicon.language'), language),
  field(t('lexicon.weight'), weight, t('lexicon.weightHint')),
  field(t('rules.reason'), reason, t('rules.reasonHint')),
  error,
  h('button', { type: 'submit', class: 'primary', id: 'term-add' }, t('lexicon.add')));
}

function termRow(body, term, showCategory) {
  const cells = [
    h('td', { lang: termLang(term.language) }, term.term),
    h('td', {}, t(`language.${term.language}`)),
    showCategory ? h('td', {}, categoryName(term.category)) : null,
    h('td', {}, String(term.weight)),
  ];
  const row = h('tr', { 'data-term': term.term, 'data-category': term.category, 'data-language': term.language }, cells);
  if (!canChange()) return row;
  const remove = h('button', { type: 'button', class: 'small danger', 'data-action': 'remove-term', 'aria-label': t('lexicon.removeNamed', term.term),
    'aria-expanded': 'false', onclick: () => confirmRemoval(body, term, row, remove) }, t('lexicon.remove'));
  row.append(h('td', {}, remove));
  return row;
}

/** Removal asks for the reason that goes into the audit log, in a row under the term. */
function confirmRemoval(body, term, row, button) {
  if (row.nextElementSibling?.classList.contains('confirm-row')) return;
  const error = h('p', { class: 'error', role: 'alert' });
  const reason = h('input', { id: `remove-reason-${row.rowIndex}`, autocomplete: 'off' });
  const close = () => { confirm.remove(); button.setAttribute('aria-expanded', 'false'); button.focus(); };
  const confirm = h('tr', { class: 'confirm-row' }, h('td', { colspan: row.cells.length },
    h('form', {
      class: 'stack',
      onsubmit: async (e) => {
        e.preventDefault();
        error.textContent = '';
        try {
          const change = await api.del(`/v1/admin/lexicons/terms${query({ category: term.category, language: term.language, term: term.term, reason: reason.value.trim() })}`);
          await lexicon(body, 'lexicon-category');
          announce(t('lexicon.removedAs', term.term, change.version));
        } catch (err) { error.textContent = err.message; }
      },
      onkeydown: (e) => { if (e.key === 'Escape') close(); },
    },
    field(t('lexicon.removeReason', term.term), reason, t('rules.reasonHint')),
    error,
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'danger', 'data-action': 'confirm-remove' }, t('lexicon.confirmRemove')),
      h('button', { type: 'button', onclick: close }, t('cancel'))))));
  row.after(confirm);
  button.setAttribute('aria-expanded', 'true');
  reason.focus();
}

/** The policy of one app and age group: per category, when to block, when to review, whether to mask. */
async function policies(body, focusId) {
  policyChoice.product ||= ctx.user.product || '*';
  const ticket = ++latest;
  const [effective, all, changes] = await Promise.all([
    api.get(`/v1/admin/policies/${encodeURIComponent(policyChoice.product)}/${policyChoice.ageGroup}`),
    api.get('/v1/admin/policies'),
    api.get('/v1/admin/policies/changes?limit=10'),
  ]);
  if (ticket !== latest) return;
  const product = h('select', { id: 'policy-product', onchange: () => { policyChoice.product = product.value; policies(body, 'policy-product'); } },
    h('option', { value: '*', selected: policyChoice.product === '*' }, t('policy.anyProduct')),
    ctx.config.products.map((p) => h('option', { value: p.id, selected: p.id === policyChoice.product }, p.display_name)));
  const ageGroup = h('select', { id: 'policy-age', onchange: () => { policyChoice.ageGroup = ageGroup.value; policies(body, 'policy-age'); } },
    ['adult', 'minor'].map((a) => h('option', { value: a, selected: a === policyChoice.ageGroup }, t(`age.${a}`))));
  const productName = (id) => (id === '*' ? t('policy.anyProduct') : (ctx.config.products.find((p) => p.id === id) || { display_name: id }).display_name);
  let source;
  if (effective.built_in) source = t('policy.builtIn', t(`age.${effective.age_group}`));
  else if (effective.product !== policyChoice.product) source = t('policy.inherited', effective.version);
  else source = t('policy.own', effective.version);
  const stored = all.items.filter((p) => p.product !== policyChoice.product || p.age_group !== policyChoice.ageGroup);
  mount(body, h('h2', {}, t('moderation.policies')),
    readOnlyNote(),
    h('div', { class: 'row' }, field(t('policy.product'), product), field(t('policy.ageGroup'), ageGroup)),
    h('p', { id: 'policy-source' }, source),
    h('p', { class: 'hint', id: 'policy-help' }, t('policy.help')),
    policyForm(body, effective, `${policyChoice.product}/${policyChoice.ageGroup}`),
    stored.length ? h('p', { class: 'muted' }, t('policy.others'), ' ',
      stored.map((p, i) => [i ? ', ' : '', `${productName(p.product)} · ${t(`age.${p.age_group}`)} v${p.version}`])) : null,
    // newest first, like the lexicon's list
    h('h3', {}, t('policy.changes')),
    changes.length ? h('ol', { id: 'policy-changes', reversed: true }, changes.map((c) => h('li', { 'data-policy': `${c.product}/${c.age_group}`, 'data-version': c.version },
      `${new Date(c.changed_at).toLocaleString()} · ${c.actor} · ${productName(c.product)} · ${t(`age.${c.age_group}`)} v${c.version}`,
      c.reason ? ` · ${c.reason}` : ''))) : h('p', { class: 'empty' }, t('policy.noChanges')));
  if (focusId) document.getElementById(focusId)?.focus();
}

function policyForm(body, effective, key) {
  const editable = canChange();
  const error = h('p', { class: 'error', role: 'alert' });
  const number = (value, labelledBy, id) => (editable
    ? h('input', { type: 'number', min: 0, max: 1, step: 'any', id, value: value ?? '', 'aria-labelledby': labelledBy, inputmode: 'decimal' })
    : (value ?? t('policy.off')));
  const inputs = {};
  const rows = CATEGORIES.map((c, i) => {
    const rule = effective.rules[c] || {};
    const head = `rule-${i}`;
    const block = number(rule.block_at, `${head} col-block`, `block-${i}`);
    const review = number(rule.review_at, `${head} col-review`, `review-${i}`);
    const redact = editable
      ? h('input', { type: 'checkbox', id: `redact-${i}`, checked: Boolean(rule.redact), 'aria-labelledby': `${head} col-redact` })
      : (rule.redact ? t('policy.yes') : t('policy.no'));
    inputs[c] = { block, review, redact };
    // the label around the box makes the whole cell a touch target
    return h('tr', { 'data-category': c }, h('th', { scope: 'row', id: head }, categoryName(c)), h('td', {}, block), h('td', {}, review),
      h('td', {}, editable ? h('label', { class: 'check' }, redact) : redact));
  });
  const table = h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('table.scroll') }, h('table', { class: 'table rules', id: 'policy-rules', 'data-policy': key },
    h('caption', { class: 'visually-hidden' }, t('moderation.policies')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('policy.category')),
      h('th', { scope: 'col', id: 'col-block' }, t('policy.blockAt')), h('th', { scope: 'col', id: 'col-review' }, t('policy.reviewAt')),
      h('th', { scope: 'col', id: 'col-redact' }, t('policy.redact')))),
    h('tbody', {}, rows)));
  if (!editable) return table;
  const threshold = (input) => (input.value.trim() === '' ? null : Number(input.value));
  // every change says why, as lexicon changes do; safety-filter refuses one without a reason
  const reason = h('input', { id: 'policy-reason', required: true, maxlength: 500, autocomplete: 'off' });
  error.id = 'policy-error';
  const reasonField = field(t('rules.reason'), reason, t('policy.reasonHint'));
  reason.setAttribute('aria-describedby', `${reason.getAttribute('aria-describedby')} policy-error`);
  return h('form', {
    class: 'stack', id: 'policy-form',
    onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      reason.removeAttribute('aria-invalid');
      if (!reason.value.trim()) {
        error.textContent = t('policy.reasonRequired');
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      const rules = {};
      for (const [c, x] of Object.entries(inputs)) {
        const rule = { block_at: threshold(x.block), review_at: threshold(x.review), redact: x.redact.checked };
        if (rule.block_at !== null || rule.review_at !== null || rule.redact) rules[c] = rule;
      }
      try {
        const saved = await api.put(`/v1/admin/policies/${encodeURIComponent(policyChoice.product)}/${policyChoice.ageGroup}`, { rules, reason: reason.value.trim() });
        await policies(body, 'policy-save');
        announce(t('policy.saved', saved.version));
      } catch (err) {
        error.textContent = err.message;
        if (err.problem?.field === 'reason') { reason.setAttribute('aria-invalid', 'true'); reason.focus(); }
      }
    },
  },
  table,
  reasonField,
  error,
  h('button', { type: 'submit', class: 'primary', id: 'policy-save' }, t('policy.save')));
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
