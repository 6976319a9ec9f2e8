-- Conversations, their message tree, pinned memories, ratings and idempotent sends.
-- Messages form a tree (parent_id): swipes are assistant siblings, an edited user message is a
-- user sibling; head_message_id is the leaf of the path the conversation currently follows.

create table conversations (
    id                         uuid primary key,
    user_id                    text        not null,
    product                    text        not null,
    title                      text        not null,
    is_group                   boolean     not null default false,
    persona_id                 text,
    -- the persona as chosen when the conversation started: {"name", "description"}
    persona                    jsonb,
    head_message_id            uuid,
    summary                    text,
    summary_through_message_id uuid,
    turns_since_summary        integer     not null default 0,
    summary_started_at         timestamptz,
    -- one turn at a time: the running turn holds this lease until it ends or goes stale
    turn_id                    uuid,
    turn_started_at            timestamptz,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);
create index conversations_by_user on conversations (user_id, updated_at desc, id desc);

create table conversation_characters (
    conversation_id   uuid    not null references conversations (id) on delete cascade,
    character_id      text    not null,
    character_version integer not null,
    name              text    not null,
    talkativeness     double precision not null default 0.5,
    position          integer not null,
    primary key (conversation_id, character_id)
);

create table messages (
    id                 uuid primary key,
    conversation_id    uuid        not null references conversations (id) on delete cascade,
    parent_id          uuid references messages (id) on delete cascade,
    depth              integer     not null,
    role               text        not null check (role in ('user', 'assistant')),
    speaker_id         text,
    content            text        not null,
    finish_reason      text,
    safety_outcome     text,
    -- the model's own text when moderation replaced it; shown to moderators only
    moderated_original text,
    model              text,
    prompt_tokens      integer,
    completion_tokens  integer,
    ttft_ms            integer,
    created_at         timestamptz not null
);
create index messages_by_parent on messages (conversation_id, parent_id, created_at);
create index messages_children on messages (parent_id);

create table message_ratings (
    message_id      uuid primary key references messages (id) on delete cascade,
    conversation_id uuid        not null references conversations (id) on delete cascade,
    user_id         text        not null,
    stars           smallint    not null check (stars between 1 and 4),
    reason          text,
    rated_at        timestamptz not null
);

create table pinned_memories (
    id              uuid primary key,
    conversation_id uuid        not null references conversations (id) on delete cascade,
    message_id      uuid references messages (id) on delete set null,
    content         text        not null,
    created_at      timestamptz not null
);
create index pinned_memories_by_conversation on pinned_memories (conversation_id, created_at);

create table idempotency_keys (
    user_id          text        not null,
    idempotency_key  text        not null,
    request_hash     text        not null,
    conversation_id  uuid        not null references conversations (id) on delete cascade,
    state            text        not null check (state in ('running', 'done')),
    outcome          jsonb,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    primary key (user_id, idempotency_key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);

-- Continuous chatting time per user, for rest reminders.
create table chat_sessions (
    user_id      text primary key,
    started_at   timestamptz not null,
    last_turn_at timestamptz not null,
    reminded_at  timestamptz
);
