// The chat app for young users: discovery, the character page, conversations with streamed
// replies, swipes, ratings, reports, edits, rewind, fork, pinned memories and group chats.
import { h, mount, field, announce } from './lib/dom.js';
import { api, query, stream, uuid, ApiError, ConnectionLost } from './lib/api.js';
import { t } from './lib/i18n.js';

let ctx;
let lastResults = [];

/** The name over a group reply whose speaker the chat service has not said yet. */
const UNKNOWN_SPEAKER = '…';
/** How far under the composer the newest message may end and still count as read (about a line). */
const FOLLOW_SLACK_PX = 24;

export async function render(main, context) {
  ctx = context;
  const hash = location.hash.replace(/^#\/?/, '');
  const [view, id] = hash.split('/');
  try {
    if (view === 'c' && id) await characterPage(main, id);
    else if (view === 'chat' && id) await conversationPage(main, id);
    else if (view === 'chats') await conversationsPage(main);
    else await discoverPage(main);
  } catch (e) {
    mount(main, h('section', { class: 'panel' },
      h('p', { class: 'error', role: 'alert' }, e.message),
      h('a', { href: '#/' }, t('back.discover'))));
  }
}

function minorBanner() {
  return ctx.user.minor
    ? h('div', { class: 'notice notice-ai_disclosure', role: 'note', id: 'minor-ai-notice' }, t('minor.aiNotice'))
    : null;
}

// ---------------------------------------------------------------- discovery
async function discoverPage(main) {
  const params = new URLSearchParams(sessionStorage.getItem('companion.discover') || '');
  const state = { q: params.get('q') || '', tag: params.get('tag') || '', sort: params.get('sort') || 'trending' };
  const results = h('ul', { class: 'cards', id: 'results', 'aria-live': 'polite', 'aria-busy': 'true' });
  const tags = h('div', { class: 'chips', role: 'group', 'aria-label': t('discover.tags') });
  const error = h('p', { class: 'error', role: 'alert' });
  const input = h('input', { type: 'search', id: 'search', name: 'q', value: state.q, placeholder: t('discover.placeholder') });
  const sorts = h('div', { class: 'segmented', role: 'group', 'aria-label': t('discover.sort') },
    ['trending', 'newest', 'most_liked'].map((s) => h('button', {
      type: 'button', 'aria-pressed': String(s === state.sort), id: `sort-${s}`,
      onclick: () => { state.sort = s; load(); },
    }, t(`sort.${s}`))));

  async function load() {
    sessionStorage.setItem('companion.discover', new URLSearchParams(state).toString());
    sorts.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.id === `sort-${state.sort}`)));
    results.setAttribute('aria-busy', 'true');
    error.textContent = '';
    try {
      const page = await api.get(`/v1/characters${query({ q: state.q, tag: state.tag, sort: state.sort, limit: 30 })}`);
      lastResults = page.items;
      const seen = new Set(state.tag ? [state.tag] : []);
      page.items.forEach((c) => (c.tags || []).forEach((tag) => seen.add(tag)));
      mount(tags, [...seen].slice(0, 16).map((tag) => h('button', {
        type: 'button', class: 'chip', 'aria-pressed': String(tag === state.tag),
        onclick: () => { state.tag = state.tag === tag ? '' : tag; load(); },
      }, `#${tag}`)));
      mount(results, page.items.length
        ? page.items.map(characterCard)
        : h('li', { class: 'empty' }, t('discover.empty')));
    } catch (e) {
      error.textContent = e.message;
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  mount(main,
    h('section', { class: 'discover', 'aria-labelledby': 'discover-title' },
      h('div', { class: 'row between' },
        h('h1', { id: 'discover-title' }, t('discover.title')),
        h('a', { href: '#/chats', class: 'button ghost', id: 'my-chats' }, t('chats.title'))),
      minorBanner(),
      h('form', { role: 'search', class: 'search', onsubmit: (e) => { e.preventDefault(); state.q = input.value.trim(); load(); } },
        h('label', { for: 'search', class: 'visually-hidden' }, t('discover.search')),
        input,
        h('button', { type: 'submit', class: 'primary' }, t('discover.search'))),
      sorts, tags, error, results));
  await load();
}

function characterCard(c) {
  return h('li', {},
    h('a', { class: 'card', href: `#/c/${c.id}`, 'data-character': c.id },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(c.name)),
      h('span', { class: 'card-body' },
        h('strong', { class: 'card-name' }, c.name),
        h('span', { class: 'card-desc' }, c.description || ''),
        h('span', { class: 'card-meta' },
          (c.tags || []).slice(0, 3).map((tag) => `#${tag} `),
          ` ♥ ${c.like_count ?? 0} · ${t('card.chats', c.chat_count ?? 0)}`))));
}

/** The card's {{user}} and {{char}} macros, as the chat service fills them. */
function fill(text, name) {
  return text.replaceAll('{{user}}', ctx.user.id).replaceAll('{{char}}', name);
}

function initial(name) {
  return (name || '?').trim().charAt(0).toUpperCase();
}

// ---------------------------------------------------------------- character page
async function characterPage(main, id) {
  const c = await api.get(`/v1/characters/${id}`);
  const personas = await api.get('/v1/personas').catch(() => ({ items: [] }));
  const error = h('p', { class: 'error', role: 'alert', id: 'start-error' });
  const persona = h('select', { id: 'persona' },
    h('option', { value: '' }, t('persona.none')),
    personas.items.map((p) => h('option', { value: p.id }, p.name)));
  const likes = h('span', { id: 'like-count' }, String(c.like_count ?? 0));
  let liked = false;
  const like = h('button', {
    type: 'button', id: 'like', 'aria-pressed': 'false',
    onclick: async () => {
      try {
        const state = liked ? await api.del(`/v1/characters/${id}/like`) : await api.put(`/v1/characters/${id}/like`);
        liked = state.liked;
        like.setAttribute('aria-pressed', String(liked));
        likes.textContent = String(state.like_count);
      } catch (e) { error.textContent = e.message; }
    },
  }, '♥ ', t('character.like'), ' ', likes);
  api.get(`/v1/characters/${id}/like`).then((s) => { liked = s.liked; like.setAttribute('aria-pressed', String(liked)); }).catch(() => {});

  const newName = h('input', { id: 'persona-name' });
  const newDesc = h('textarea', { id: 'persona-description', rows: 2 });
  const others = lastResults.filter((o) => o.id !== id).slice(0, 8);
  const group = others.map((o) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'group', value: o.id }), o.name));

  async function start(ids) {
    error.textContent = '';
    try {
      const body = ids.length > 1 ? { character_ids: ids } : { character_id: ids[0] };
      if (persona.value) body.persona_id = persona.value;
      const started = await api.post('/v1/conversations', body);
      sessionStorage.setItem(`companion.notices.${started.conversation.id}`, JSON.stringify(started.notices || []));
      location.hash = `#/chat/${started.conversation.id}`;
    } catch (e) { error.textContent = e.message; }
  }

  mount(main, h('article', { class: 'character', 'aria-labelledby': 'character-name' },
    h('a', { href: '#/', class: 'back' }, '← ', t('back.discover')),
    h('div', { class: 'hero' },
      h('span', { class: 'avatar large', 'aria-hidden': 'true' }, initial(c.name)),
      h('div', {},
        h('h1', { id: 'character-name' }, c.name),
        c.creator ? h('p', { class: 'muted' }, t('character.by'), ' ', c.creator) : null,
        h('p', { class: 'chips' }, (c.tags || []).map((tag) => h('span', { class: 'chip static' }, `#${tag}`))))),
    minorBanner(),
    h('p', { class: 'description' }, c.description || ''),
    c.scenario ? h('p', { class: 'muted' }, c.scenario) : null,
    c.first_mes ? h('blockquote', { class: 'greeting' }, fill(c.first_mes, c.name)) : null,
    like,
    field(t('persona.label'), persona, t('persona.hint')),
    error,
    h('button', { type: 'button', class: 'primary wide', id: 'start-chat', onclick: () => start([id]) }, t('character.start')),
    h('details', {},
      h('summary', {}, t('persona.create')),
      h('form', {
        class: 'stack',
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            const p = await api.post('/v1/personas', { name: newName.value, description: newDesc.value });
            persona.append(h('option', { value: p.id, selected: true }, p.name));
            persona.value = p.id;
            announce(t('persona.created'));
          } catch (err) { error.textContent = err.message; }
        },
      }, field(t('persona.name'), newName), field(t('persona.description'), newDesc),
      h('button', { type: 'submit' }, t('persona.save')))),
    others.length ? h('details', {},
      h('summary', {}, t('group.title')),
      h('fieldset', {}, h('legend', {}, t('group.pick')), group),
      h('button', {
        type: 'button', id: 'start-group',
        onclick: () => start([id, ...[...main.querySelectorAll('input[name=group]:checked')].map((i) => i.value)]),
      }, t('group.start'))) : null));
}

// ---------------------------------------------------------------- my conversations
async function conversationsPage(main) {
  const page = await api.get('/v1/conversations?limit=50');
  mount(main, h('section', { 'aria-labelledby': 'chats-title' },
    h('a', { href: '#/', class: 'back' }, '← ', t('back.discover')),
    h('h1', { id: 'chats-title' }, t('chats.title')),
    h('ul', { class: 'cards' }, page.items.length ? page.items.map((c) => h('li', {},
      h('a', { class: 'card', href: `#/chat/${c.id}` },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(c.characters[0] && c.characters[0].name)),
        h('span', { class: 'card-body' },
          h('strong', {}, c.title || c.characters.map((x) => x.name).join(', ')),
          h('span', { class: 'card-desc' }, c.last_message ? c.last_message.preview : ''))))) : h('li', { class: 'empty' }, t('chats.empty')))));
}

// ---------------------------------------------------------------- a conversation
async function conversationPage(main, id) {
  const detail = await api.get(`/v1/conversations/${id}?limit=50`);
  const conversation = detail.conversation;
  let messages = detail.messages.items;
  const names = Object.fromEntries(conversation.characters.map((c) => [c.character_id, c.name]));
  const list = h('ol', { class: 'messages', id: 'messages', 'aria-label': t('chat.messages') });
  const status = h('p', { class: 'error', role: 'alert', id: 'chat-error' });
  const startNotices = JSON.parse(sessionStorage.getItem(`companion.notices.${id}`) || '[]');
  const notices = h('div', { class: 'notices', id: 'notices' }, startNotices.map(noticeView));
  let busy = false;

  const input = h('textarea', { id: 'composer', rows: 2, placeholder: t('chat.placeholder'), required: true });
  const speaker = conversation.is_group
    ? h('select', { id: 'speaker' }, h('option', { value: '' }, t('group.anyone')),
      conversation.characters.map((c) => h('option', { value: c.character_id }, c.name)))
    : null;
  const sendButton = h('button', { type: 'submit', class: 'primary', id: 'send' }, t('chat.send'));

  /*
   * The page scrolls, not the list, and the composer is sticky at the bottom of the screen, so
   * "in view" means ending above the composer, not above the screen's edge (where
   * scrollIntoView would put it, under the composer). Whether the reader is following the newest
   * message is asked before each change, not remembered: whoever scrolled up to read older
   * messages stays where they are until they come back down.
   */
  function newestUnderComposer() {
    const last = list.lastElementChild;
    const composer = main.querySelector('form.composer');
    if (!last || !composer) return 0;
    return last.getBoundingClientRect().bottom - composer.getBoundingClientRect().top;
  }
  function showNewest() {
    const under = newestUnderComposer();
    if (under > 0) document.scrollingElement.scrollTop += Math.ceil(under);
  }
  function keepingNewestInView(change) {
    const following = newestUnderComposer() <= FOLLOW_SLACK_PX;
    change();
    if (following) showNewest();
  }

  let opened = false;
  function redraw() {
    keepingNewestInView(() => mount(list, messages.map((m, i) => messageView(m, i === messages.length - 1))));
    // a conversation opens at its newest message
    if (!opened) { opened = true; showNewest(); }
  }

  async function reload() {
    const fresh = await api.get(`/v1/conversations/${id}?limit=50`);
    messages = fresh.messages.items;
    redraw();
  }

  function messageView(m, last) {
    const mine = m.role === 'user';
    const who = mine ? t('chat.you') : (names[m.speaker_id] || conversation.characters[0]?.name || '');
    const actions = h('div', { class: 'msg-actions' });
    const li = h('li', { class: `msg ${mine ? 'mine' : 'theirs'}`, 'data-message': m.id, 'data-role': m.role },
      h('span', { class: 'who' }, who),
      h('p', { class: 'text' }, m.content || ''),
      m.finish_reason === 'cancelled' ? h('p', { class: 'muted' }, t('chat.cancelled')) : null,
      actions);
    if (mine) {
      actions.append(
        h('button', { type: 'button', class: 'small', 'data-action': 'edit', onclick: () => editMessage(li, m) }, t('msg.edit')),
        h('button', { type: 'button', class: 'small', 'data-action': 'rewind', onclick: () => act(() => api.post(`/v1/conversations/${id}/rewind`, { message_id: m.id }).then(reload)) }, t('msg.rewind')),
        h('button', { type: 'button', class: 'small', 'data-action': 'fork', onclick: () => act(async () => { const f = await api.post(`/v1/conversations/${id}/fork`, { message_id: m.id }); location.hash = `#/chat/${f.id}`; }) }, t('msg.fork')));
      return li;
    }
    // arrows only when there is another version to go to: a lone "‹ 1/1 ›" is two dead buttons
    const swipes = m.alternative_count > 1;
    const regenerable = last && m.role === 'assistant' && messages.length > 1;
    if (swipes || regenerable) {
      const swipe = h('div', { class: 'swipe', role: 'group', 'aria-label': t('msg.alternatives') },
        swipes ? [
          h('button', { type: 'button', class: 'small', 'data-action': 'prev', disabled: m.alternative <= 0, 'aria-label': t('msg.prev'), onclick: () => select(m, m.alternative - 1) }, '‹'),
          h('span', { class: 'swipe-pos', 'data-alternative': m.alternative }, `${m.alternative + 1}/${m.alternative_count}`),
          h('button', { type: 'button', class: 'small', 'data-action': 'next', disabled: m.alternative >= m.alternative_count - 1, 'aria-label': t('msg.next'), onclick: () => select(m, m.alternative + 1) }, '›'),
        ] : null,
        regenerable
          ? h('button', { type: 'button', class: 'small', 'data-action': 'regenerate', onclick: () => regenerate(li, m) }, '↻ ', t('msg.regenerate'))
          : null);
      actions.append(swipe);
    }
    const stars = h('div', { class: 'stars', role: 'group', 'aria-label': t('msg.rate') },
      [1, 2, 3, 4].map((n) => h('button', {
        type: 'button', class: 'star', 'data-stars': n, 'aria-pressed': String((m.rating || 0) >= n),
        'aria-label': t('msg.stars', n),
        onclick: () => act(async () => {
          await api.put(`/v1/conversations/${id}/messages/${m.id}/rating`, { stars: n });
          m.rating = n;
          stars.querySelectorAll('.star').forEach((s) => s.setAttribute('aria-pressed', String(Number(s.dataset.stars) <= n)));
          announce(t('msg.rated', n));
        }),
      }, '★')));
    actions.append(stars,
      h('button', { type: 'button', class: 'small', 'data-action': 'pin', onclick: () => act(async () => { await api.post(`/v1/conversations/${id}/memories`, { message_id: m.id }); announce(t('memory.pinned')); await loadMemories(); }) }, t('msg.pin')),
      h('button', { type: 'button', class: 'small', 'data-action': 'report', onclick: () => reportForm(li, m) }, t('msg.report')));
    return li;
  }

  async function act(fn) {
    status.textContent = '';
    try { await fn(); } catch (e) { status.textContent = e.message; }
  }

  function select(m, alternative) {
    act(async () => {
      await api.post(`/v1/conversations/${id}/messages/${m.id}/select`, { alternative });
      await reload();
    });
  }

  function reportForm(li, m) {
    if (li.querySelector('form.report')) return;
    const reason = h('select', { id: `report-reason-${m.id}` },
      ['harassment', 'sexual', 'self_harm', 'hate', 'violence', 'spam', 'other'].map((r) => h('option', { value: r }, t(`report.${r}`))));
    const form = h('form', {
      class: 'report stack',
      onsubmit: (e) => {
        e.preventDefault();
        act(async () => {
          await api.post('/v1/reports', { target_type: 'message', target_id: m.id, reason: reason.value, content: m.content });
          mount(form, h('p', { role: 'status', class: 'ok', 'data-report': 'sent' }, t('report.sent')));
        });
      },
    }, field(t('report.reason'), reason),
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'primary', 'data-action': 'send-report' }, t('report.submit')),
      h('button', { type: 'button', onclick: () => form.remove() }, t('cancel'))));
    li.append(form);
    reason.focus();
  }

  function editMessage(li, m) {
    const area = h('textarea', { rows: 3, id: `edit-${m.id}`, value: m.content });
    const form = h('form', {
      class: 'stack',
      onsubmit: (e) => {
        e.preventDefault();
        runTurn({ path: `/v1/conversations/${id}/messages/${m.id}`, method: 'PUT', body: { content: area.value }, replace: li });
      },
    }, field(t('msg.editLabel'), area),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', 'data-action': 'save-edit' }, t('msg.saveEdit')),
      h('button', { type: 'button', onclick: redraw }, t('cancel'))));
    mount(li, form);
    area.focus();
  }

  function regenerate(li, m) {
    runTurn({ path: `/v1/conversations/${id}/messages/${m.id}/regenerate`, body: undefined, replyInto: li });
  }

  /**
   * Who the reply being streamed is from, as far as is known before the stream says: in a group
   * the service names the speaker in a `speaker` event before the first words (and again in the
   * reply's closing message event), so where nobody was picked the name is a neutral placeholder
   * until then rather than a guess at a character who may not be the one talking.
   */
  function expectedSpeaker(turn) {
    const picked = turn.body && turn.body.speaker_id;
    if (picked) return names[picked] || UNKNOWN_SPEAKER;
    return conversation.is_group ? UNKNOWN_SPEAKER : conversation.characters[0]?.name || '';
  }

  function whoView(name) {
    return h('span', { class: name === UNKNOWN_SPEAKER ? 'who unknown' : 'who' }, name);
  }

  /**
   * One streamed turn. The Idempotency-Key is made here once and kept for retries, so a retry
   * after a dropped connection gets the stored turn back instead of a second one.
   */
  async function runTurn(turn) {
    if (busy) return;
    busy = true;
    sendButton.disabled = true;
    status.textContent = '';
    turn.key = turn.key || uuid();
    let userLi = null;
    let replyLi;
    if (turn.replyInto) {
      replyLi = turn.replyInto;
      replyLi.querySelector('.text').textContent = '';
      replyLi.querySelector('.msg-actions').replaceChildren();
    } else {
      if (turn.body && turn.body.content !== undefined && !turn.replace) {
        userLi = h('li', { class: 'msg mine pending', 'data-role': 'user' }, h('span', { class: 'who' }, t('chat.you')), h('p', { class: 'text' }, turn.body.content));
        list.append(userLi);
      } else if (turn.replace) {
        while (turn.replace.nextSibling) turn.replace.nextSibling.remove();
        mount(turn.replace, h('span', { class: 'who' }, t('chat.you')), h('p', { class: 'text' }, turn.body.content));
        userLi = turn.replace;
      }
      replyLi = h('li', { class: 'msg theirs streaming', 'data-role': 'assistant' }, whoView(expectedSpeaker(turn)), h('p', { class: 'text' }));
      list.append(replyLi);
    }
    // the user asked for a reply: show it as it comes, even if they had scrolled up before
    showNewest();
    replyLi.setAttribute('aria-busy', 'true');
    replyLi.classList.add('streaming');
    replyLi.id = 'streaming-reply';
    const text = replyLi.querySelector('.text');
    const arrived = [];
    let failed = null;
    let replySpeaker = null;
    const nameSpeaker = (speakerId) => {
      if (!speakerId || !names[speakerId]) return;
      replySpeaker = names[speakerId];
      const who = replyLi.querySelector('.who');
      who.textContent = replySpeaker;
      who.classList.remove('unknown');
    };
    try {
      await stream(turn.path, turn.body, {
        idempotencyKey: turn.key,
        method: turn.method,
        onEvent: (name, data) => {
          if (name === 'delta') {
            // each piece lands as it arrives: the reply reads word by word
            arrived.push(data.text);
            keepingNewestInView(() => text.append(h('span', { class: 'word' }, data.text)));
          } else if (name === 'message' && data.role === 'user' && userLi) {
            userLi.dataset.message = data.id;
            userLi.classList.remove('pending');
          } else if (name === 'speaker') {
            nameSpeaker(data.speaker_id);
          } else if (name === 'message' && data.role !== 'user') {
            replyLi.dataset.message = data.id;
            nameSpeaker(data.speaker_id);
          } else if (name === 'notice') {
            keepingNewestInView(() => notices.append(noticeView(data)));
          } else if (name === 'error') {
            failed = new ApiError(0, data.detail || data.type);
          }
        },
      });
      if (failed) throw failed;
      busy = false;
      await reload();
      // in a group the name says who answered: a screen reader hears it without going to the reply
      announce(conversation.is_group && replySpeaker ? t('chat.repliedBy', replySpeaker) : t('chat.replied'));
    } catch (e) {
      busy = false;
      replyLi.removeAttribute('aria-busy');
      replyLi.classList.remove('streaming');
      replyLi.removeAttribute('id');
      if (e instanceof ApiError && e.status === 409 && turn.retrying && (turn.waits = (turn.waits || 0) + 1) <= 40) {
        // the first attempt of this very key is still running on the server: wait for it
        userLi?.remove();
        if (!turn.replyInto) replyLi.remove();
        await new Promise((r) => setTimeout(r, 1500));
        return runTurn(turn);
      }
      const lost = e instanceof ConnectionLost;
      replyLi.classList.add(lost ? 'interrupted' : 'failed');
      keepingNewestInView(() => replyLi.append(h('div', { class: 'interruption', role: 'alert' },
        h('p', {}, lost ? t('chat.lost') : e.message),
        h('button', {
          type: 'button', class: 'primary', 'data-action': 'continue',
          onclick: () => {
            userLi?.remove();
            if (!turn.replyInto) replyLi.remove();
            turn.retrying = true;
            runTurn(turn);
          },
        }, lost ? t('chat.continue') : t('chat.retry')))));
      if (!lost && !arrived.length) text.textContent = '';
    } finally {
      sendButton.disabled = false;
    }
  }

  const memories = h('ul', { class: 'memories', id: 'memories' });
  const memoryInput = h('input', { id: 'memory-text', placeholder: t('memory.placeholder') });
  async function loadMemories() {
    const page = await api.get(`/v1/conversations/${id}/memories`).catch(() => ({ items: [] }));
    mount(memories, page.items.length ? page.items.map((mem) => h('li', {},
      h('span', {}, mem.content),
      h('button', { type: 'button', class: 'small', 'data-action': 'unpin', onclick: () => act(async () => { await api.del(`/v1/conversations/${id}/memories/${mem.id}`); await loadMemories(); }) }, t('memory.unpin')))) : h('li', { class: 'muted' }, t('memory.empty')));
  }

  const title = conversation.title || conversation.characters.map((c) => c.name).join(', ');
  mount(main, h('section', { class: 'conversation', 'aria-labelledby': 'conversation-title' },
    h('div', { class: 'row between' },
      h('a', { href: '#/chats', class: 'back' }, '← ', t('chats.title')),
      h('h1', { id: 'conversation-title' }, title)),
    minorBanner(),
    notices,
    h('details', { class: 'memory-panel' },
      h('summary', {}, t('memory.title')),
      memories,
      h('form', {
        class: 'row',
        onsubmit: (e) => { e.preventDefault(); act(async () => { await api.post(`/v1/conversations/${id}/memories`, { content: memoryInput.value }); memoryInput.value = ''; await loadMemories(); }); },
      }, h('label', { for: 'memory-text', class: 'visually-hidden' }, t('memory.add')), memoryInput, h('button', { type: 'submit' }, t('memory.add')))),
    list,
    status,
    h('form', {
      class: 'composer',
      onsubmit: (e) => {
        e.preventDefault();
        const content = input.value.trim();
        if (!content) { status.textContent = t('chat.empty'); input.focus(); return; }
        input.value = '';
        const body = { content };
        if (speaker && speaker.value) body.speaker_id = speaker.value;
        runTurn({ path: `/v1/conversations/${id}/messages`, body });
      },
    },
    speaker ? field(t('group.speaker'), speaker) : null,
    h('label', { for: 'composer', class: 'visually-hidden' }, t('chat.message')),
    input,
    sendButton)));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); input.form.requestSubmit(); }
  });
  redraw();
  loadMemories();
}

function noticeView(notice) {
  const kind = notice.kind || 'info';
  return h('div', { class: `notice notice-${kind}`, role: kind === 'support' ? 'alert' : 'note', 'data-notice': kind },
    h('strong', {}, t(`notice.${kind}`)), ' ',
    notice.text || '',
    Array.isArray(notice.resources) && notice.resources.length
      ? h('ul', {}, notice.resources.map((r) => h('li', {},
        r.url ? h('a', { href: r.url, rel: 'noopener', target: '_blank' }, r.name || r.url) : (r.name || ''),
        r.phone ? ` ☎ ${r.phone}` : '', r.text ? ` ${r.text}` : '')))
      : null);
}
