-- Lexicon: the current terms. Seed terms are inserted by the service at start-up (added_by 'seed').
create table lexicon_terms (
    id          bigserial primary key,
    category    text        not null,
    language    text        not null,
    term        text        not null,
    weight      double precision not null default 0.9,
    active      boolean     not null default true,
    updated_by  text        not null,
    updated_at  timestamptz not null default now(),
    unique (category, language, term)
);

-- Every lexicon change, in order; the highest version is the lexicon's version.
create table lexicon_changes (
    version    bigserial primary key,
    action     text        not null check (action in ('add', 'remove')),
    category   text        not null,
    language   text        not null,
    term       text        not null,
    actor      text        not null,
    reason     text,
    changed_at timestamptz not null default now()
);

-- Policies as data: one row per product ('*' = default) and age group; rules is a JSON object
-- category -> {block_at, review_at, redact}.
create table policies (
    product    text        not null,
    age_group  text        not null check (age_group in ('minor', 'adult')),
    rules      jsonb       not null,
    version    bigint      not null default 1,
    updated_by text        not null,
    updated_at timestamptz not null default now(),
    primary key (product, age_group)
);

create table policy_changes (
    id         bigserial primary key,
    product    text        not null,
    age_group  text        not null,
    version    bigint      not null,
    rules      jsonb       not null,
    actor      text        not null,
    changed_at timestamptz not null default now()
);

-- The moderation queue: flagged messages, characters and users.
create table queue_items (
    id              uuid primary key,
    target_type     text        not null check (target_type in ('message', 'character', 'user')),
    target_id       text        not null,
    product         text        not null,
    subject_user_id text,
    involves_minor  boolean     not null default false,
    source          text        not null check (source in ('report', 'automatic', 'character_review')),
    categories      text[]      not null default '{}',
    severity        int         not null,
    priority        int         not null,
    content         text,
    context         jsonb       not null default '{}'::jsonb,
    status          text        not null default 'open' check (status in ('open', 'claimed', 'decided')),
    claimed_by      text,
    claimed_at      timestamptz,
    decision        text,
    decision_reason text,
    decided_by      text,
    decided_at      timestamptz,
    created_at      timestamptz not null default now()
);
create index queue_items_open on queue_items (status, priority desc, created_at);
-- one open item per target: further reports join it
create unique index queue_items_one_open_per_target on queue_items (target_type, target_id)
    where status <> 'decided';

create table reports (
    id             uuid primary key,
    reporter_id    text        not null,
    product        text        not null,
    target_type    text        not null,
    target_id      text        not null,
    reason         text        not null,
    queue_item_id  uuid        not null references queue_items (id),
    outcome        text,
    created_at     timestamptz not null default now(),
    resolved_at    timestamptz
);
create index reports_reporter on reports (reporter_id, created_at desc);

create table strikes (
    id            bigserial primary key,
    user_id       text        not null,
    product       text        not null,
    queue_item_id uuid,
    reason        text        not null,
    created_at    timestamptz not null default now()
);
create index strikes_user on strikes (user_id);

create table sanctions (
    id         bigserial primary key,
    user_id    text        not null,
    product    text        not null,
    kind       text        not null check (kind in ('warning', 'suspension')),
    until      timestamptz,
    reason     text        not null,
    created_by text        not null,
    created_at timestamptz not null default now()
);
create index sanctions_user on sanctions (user_id);

-- Append-only audit log of every moderator, admin and automatic action: who, what, when, why.
create table audit_log (
    id          bigserial primary key,
    actor       text        not null,
    action      text        not null,
    target_type text        not null,
    target_id   text        not null,
    reason      text,
    detail      jsonb       not null default '{}'::jsonb,
    at          timestamptz not null default now()
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only';
end;
$$;

create trigger audit_log_no_update before update or delete on audit_log
    for each statement execute function audit_log_append_only();
