// The creators' studio: my characters, import by drag and drop or file picker, the editor with a
// live card preview and a lorebook editor, publishing and its review status, versions, stats.
import { h, mount, field, announce } from './lib/dom.js';
import { api, download } from './lib/api.js';
import { t } from './lib/i18n.js';

let ctx;
const CARD_FIELDS = ['name', 'nickname', 'description', 'personality', 'scenario', 'first_mes', 'mes_example', 'creator_notes', 'system_prompt', 'post_history_instructions'];
const LONG = new Set(['description', 'personality', 'scenario', 'first_mes', 'mes_example', 'creator_notes', 'system_prompt', 'post_history_instructions']);

export async function render(main, context) {
  ctx = context;
  const [view, id] = location.hash.replace(/^#\/?/, '').split('/');
  try {
    if (view === 'edit' && id) await editor(main, await api.get(`/v1/characters/${id}`));
    else if (view === 'new') await editor(main, null);
    else await home(main);
  } catch (e) {
    mount(main, h('section', { class: 'panel' }, h('p', { class: 'error', role: 'alert' }, e.message), h('a', { href: '#/' }, t('studio.title'))));
  }
}

function statusBadge(c) {
  const review = c.review_status && c.review_status !== 'none' ? c.review_status : null;
  return h('span', { class: 'badges' },
    h('span', { class: `badge vis-${c.visibility}`, 'data-visibility': c.visibility }, t(`visibility.${c.visibility}`)),
    review ? h('span', { class: `badge review-${review}`, 'data-review': review }, t(`review.${review}`)) : null);
}

async function home(main) {
  const error = h('p', { class: 'error', role: 'alert', id: 'import-error' });
  const file = h('input', { type: 'file', id: 'import-file', accept: '.png,.json,image/png,application/json' });
  async function importCard(f) {
    error.textContent = '';
    if (!f) return;
    const type = f.type || (f.name.endsWith('.png') ? 'image/png' : 'application/json');
    if (type !== 'image/png' && type !== 'application/json') { error.textContent = t('import.type'); return; }
    try {
      const created = await api.post('/v1/characters/import', f, { 'Content-Type': type });
      announce(t('import.done'));
      location.hash = `#/edit/${created.id}`;
    } catch (e) { error.textContent = e.message; }
  }
  file.addEventListener('change', () => importCard(file.files[0]));
  const drop = h('div', { class: 'dropzone', id: 'dropzone' },
    h('p', {}, t('import.drop')),
    h('label', { for: 'import-file', class: 'button' }, t('import.pick')),
    file);
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); importCard(e.dataTransfer.files[0]); });

  const page = await api.get('/v1/me/characters?limit=50');
  mount(main, h('section', { 'aria-labelledby': 'studio-title' },
    h('div', { class: 'row between' },
      h('h1', { id: 'studio-title' }, t('studio.title')),
      h('a', { class: 'button primary', href: '#/new', id: 'new-character' }, t('studio.new'))),
    ctx.user.minor ? h('p', { class: 'notice', role: 'note', id: 'minor-no-publish' }, t('minor.noPublish')) : null,
    drop, error,
    h('h2', {}, t('studio.mine')),
    h('ul', { class: 'cards', id: 'my-characters' }, page.items.length ? page.items.map((c) => h('li', {},
      h('a', { class: 'card', href: `#/edit/${c.id}`, 'data-character': c.id },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, (c.name || '?').charAt(0)),
        h('span', { class: 'card-body' }, h('strong', {}, c.name), statusBadge(c),
          h('span', { class: 'card-meta' }, `v${c.version} · ♥ ${c.like_count} · ${t('card.chats', c.chat_count)}`))))) : h('li', { class: 'empty' }, t('studio.none')))));
}

function entryEditor(entry, list) {
  const e = { keys: [], secondary_keys: [], content: '', use_regex: false, constant: false, enabled: true, insertion_order: 100, position: 'before_char', ...entry };
  const keys = h('input', { class: 'lb-keys', value: (e.keys || []).join(', ') });
  const secondary = h('input', { class: 'lb-secondary', value: (e.secondary_keys || []).join(', ') });
  const content = h('textarea', { class: 'lb-content', rows: 3, value: e.content || '' });
  const order = h('input', { class: 'lb-order', type: 'number', value: e.insertion_order, step: 1 });
  const position = h('select', { class: 'lb-position' },
    ['before_char', 'after_char'].map((p) => h('option', { value: p, selected: p === e.position }, t(`lorebook.${p}`))));
  const regex = h('input', { type: 'checkbox', class: 'lb-regex', checked: e.use_regex });
  const constant = h('input', { type: 'checkbox', class: 'lb-constant', checked: e.constant });
  const enabled = h('input', { type: 'checkbox', class: 'lb-enabled', checked: e.enabled !== false });
  const item = h('li', { class: 'lb-entry' },
    h('fieldset', {},
      h('legend', {}, t('lorebook.entry')),
      field(t('lorebook.keys'), keys, t('lorebook.keysHint')),
      field(t('lorebook.secondary'), secondary),
      field(t('lorebook.content'), content),
      h('div', { class: 'row' }, field(t('lorebook.order'), order), field(t('lorebook.position'), position)),
      h('div', { class: 'row' },
        h('label', { class: 'check' }, regex, t('lorebook.regex')),
        h('label', { class: 'check' }, constant, t('lorebook.constant')),
        h('label', { class: 'check' }, enabled, t('lorebook.enabled'))),
      h('button', { type: 'button', class: 'small danger', onclick: () => { item.remove(); list.dispatchEvent(new Event('input', { bubbles: true })); } }, t('lorebook.remove'))));
  item.read = () => {
    const split = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
    const sec = split(secondary.value);
    return {
      ...entry,
      keys: split(keys.value), secondary_keys: sec, content: content.value,
      selective: sec.length > 0, constant: constant.checked, enabled: enabled.checked,
      insertion_order: Number(order.value) || 0, position: position.value, use_regex: regex.checked,
    };
  };
  return item;
}

async function editor(main, character) {
  const id = character && character.id;
  const error = h('p', { class: 'error', role: 'alert', id: 'editor-error' });
  const inputs = {};
  for (const name of CARD_FIELDS) {
    inputs[name] = LONG.has(name)
      ? h('textarea', { id: `card-${name}`, name, rows: name === 'description' ? 4 : 2, value: character ? character[name] || '' : '' })
      : h('input', { id: `card-${name}`, name, value: character ? character[name] || '' : '', required: name === 'name' });
  }
  const tags = h('input', { id: 'card-tags', value: character ? (character.tags || []).join(', ') : '' });
  const book = (character && character.character_book) || { entries: [] };
  const entries = h('ol', { class: 'lorebook', id: 'lorebook' });
  (book.entries || []).forEach((e) => entries.append(entryEditor(e, entries)));
  const preview = h('aside', { class: 'card-preview', id: 'card-preview', 'aria-label': t('studio.preview'), 'aria-live': 'polite' });

  function draft() {
    const card = {};
    for (const name of CARD_FIELDS) card[name] = inputs[name].value;
    card.tags = tags.value.split(',').map((s) => s.trim()).filter(Boolean);
    const list = [...entries.querySelectorAll('.lb-entry')].map((li) => li.read());
    card.character_book = { ...book, entries: list };
    if (character) {
      for (const keep of ['alternate_greetings', 'group_only_greetings', 'creator', 'character_version', 'extensions']) {
        if (character[keep] !== undefined && character[keep] !== null) card[keep] = character[keep];
      }
    }
    return card;
  }

  function updatePreview() {
    const card = draft();
    const user = ctx.user.id;
    mount(preview,
      h('div', { class: 'preview-head' }, h('span', { class: 'avatar large', 'aria-hidden': 'true' }, (card.name || '?').charAt(0)),
        h('div', {}, h('strong', { class: 'preview-name' }, card.name || t('studio.untitled')), card.nickname ? h('span', { class: 'muted' }, ` (${card.nickname})`) : null)),
      h('p', { class: 'chips' }, card.tags.map((tag) => h('span', { class: 'chip static' }, `#${tag}`))),
      h('p', {}, card.description),
      card.first_mes ? h('blockquote', { class: 'greeting' }, card.first_mes.replaceAll('{{user}}', user).replaceAll('{{char}}', card.name)) : null,
      h('p', { class: 'muted', id: 'preview-lore' }, t('lorebook.count', card.character_book.entries.length)));
  }

  const form = h('form', {
    class: 'stack editor',
    oninput: updatePreview,
    onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        const card = draft();
        const saved = id ? await api.put(`/v1/characters/${id}`, card) : await api.post('/v1/characters', { ...card, visibility: 'private' });
        announce(t('studio.saved'));
        if (!id) location.hash = `#/edit/${saved.id}`;
        else await editor(main, await api.get(`/v1/characters/${id}`));
        document.getElementById('editor-status')?.replaceChildren(t('studio.saved'));
      } catch (err) { error.textContent = err.message; }
    },
  },
  CARD_FIELDS.map((name) => field(t(`card.${name}`), inputs[name])),
  field(t('card.tags'), tags, t('card.tagsHint')),
  h('h2', {}, t('lorebook.title')),
  entries,
  h('button', { type: 'button', id: 'add-entry', onclick: () => { const li = entryEditor({}, entries); entries.append(li); li.querySelector('.lb-keys').focus(); updatePreview(); } }, t('lorebook.add')),
  error,
  h('p', { role: 'status', id: 'editor-status', class: 'ok' }),
  h('button', { type: 'submit', class: 'primary wide', id: 'save-character' }, t('studio.save')));

  const side = [preview];
  if (id) side.push(await publishing(character), await versions(character, inputs), await stats(id));
  mount(main, h('section', { class: 'studio-editor', 'aria-labelledby': 'editor-title' },
    h('a', { href: '#/', class: 'back' }, '← ', t('studio.title')),
    h('h1', { id: 'editor-title' }, id ? t('studio.edit', character.name) : t('studio.new')),
    h('div', { class: 'split' }, form, h('div', { class: 'side' }, side))));
  updatePreview();
}

async function publishing(c) {
  const error = h('p', { class: 'error', role: 'alert', id: 'publish-error' });
  const minor = ctx.user.minor;
  const select = h('select', { id: 'visibility' },
    ['private', 'unlisted', 'public'].map((v) => h('option', { value: v, selected: v === c.visibility, disabled: minor && v === 'public' }, t(`visibility.${v}`))));
  return h('section', { class: 'panel', 'aria-labelledby': 'publish-title' },
    h('h2', { id: 'publish-title' }, t('publish.title')),
    h('p', { id: 'publish-status' }, statusBadge(c)),
    c.review_reason ? h('p', { class: 'muted' }, c.review_reason) : null,
    minor ? h('p', { class: 'notice', role: 'note', id: 'minor-no-publish' }, t('minor.noPublish')) : null,
    field(t('publish.visibility'), select, t('publish.hint')),
    error,
    h('div', { class: 'row' },
      h('button', {
        type: 'button', class: 'primary', id: 'publish',
        onclick: async () => {
          error.textContent = '';
          try {
            await api.post(`/v1/characters/${c.id}/visibility`, { visibility: select.value });
            await editor(document.getElementById('main'), await api.get(`/v1/characters/${c.id}`));
            announce(t('publish.done'));
          } catch (e) { error.textContent = e.message; }
        },
      }, t('publish.apply')),
      h('button', { type: 'button', onclick: () => download(`/v1/characters/${c.id}/export?format=png`, `${c.name}.png`).catch((e) => { error.textContent = e.message; }) }, t('export.png')),
      h('button', { type: 'button', onclick: () => download(`/v1/characters/${c.id}/export?format=json`, `${c.name}.json`).catch((e) => { error.textContent = e.message; }) }, t('export.json'))));
}

async function versions(c, inputs) {
  const items = [];
  for (let v = c.version; v >= Math.max(1, c.version - 9); v -= 1) items.push(v);
  const list = h('ol', { class: 'versions', reversed: true });
  for (const v of items) {
    list.append(h('li', {}, h('span', {}, `v${v}`), ' ',
      v === c.version ? h('span', { class: 'muted' }, t('versions.current')) : h('button', {
        type: 'button', class: 'small',
        onclick: async () => {
          const old = await api.get(`/v1/characters/${c.id}/versions/${v}`);
          for (const name of CARD_FIELDS) inputs[name].value = old[name] || '';
          inputs.name.form.dispatchEvent(new Event('input'));
          announce(t('versions.loaded', v));
        },
      }, t('versions.load', v))));
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'versions-title' }, h('h2', { id: 'versions-title' }, t('versions.title')), list);
}

async function stats(id) {
  const s = await api.get(`/v1/characters/${id}/stats`).catch(() => null);
  if (!s) return h('section', { class: 'panel' });
  const rows = [['likes', s.like_count, s.likes_last_week], ['chats', s.chat_count, s.chats_last_week], ['chatters', s.unique_chatters, s.unique_chatters_last_week]];
  return h('section', { class: 'panel', 'aria-labelledby': 'stats-title' },
    h('h2', { id: 'stats-title' }, t('stats.title')),
    h('table', { class: 'table', id: 'stats' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, t('stats.total')), h('th', { scope: 'col' }, t('stats.week')))),
      h('tbody', {}, rows.map(([k, total, week]) => h('tr', {}, h('th', { scope: 'row' }, t(`stats.${k}`)), h('td', {}, String(total)), h('td', {}, String(week)))))),
    h('p', { class: 'muted' }, t('stats.versions', s.versions)));
}
