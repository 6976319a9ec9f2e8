-- Characters, their immutable versions, avatars, likes, chat signals and user personas.

-- Trigram search (name, nickname, tags, description) for Chinese and English alike.
-- The extension lives once per database; if another schema created it already, that one is used.
create extension if not exists pg_trgm with schema public;

create table characters (
    id                  uuid primary key,
    owner_id            text        not null,
    product             text        not null,
    visibility          text        not null check (visibility in ('private', 'unlisted', 'public')),
    review_status       text        not null default 'none'
                        check (review_status in ('none', 'pending', 'approved', 'rejected')),
    review_reason       text,
    reviewed_by         text,
    reviewed_at         timestamptz,
    -- the version a moderator approved; going public again with it needs no new review
    approved_version    int,
    published_at        timestamptz,
    latest_version      int         not null,
    -- copies of the latest version's card, for lists and search without reading card JSON
    name                text        not null,
    nickname            text        not null default '',
    creator             text        not null default '',
    description_preview text        not null default '',
    tags                text[]      not null default '{}',
    tag_keys            text[]      not null default '{}',
    search_text         text        not null default '',
    like_count          bigint      not null default 0,
    chat_count          bigint      not null default 0,
    -- log2 of the decayed signal sum, referred to a fixed epoch: see TrendingScore
    trending_score      double precision not null default 0,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

create index characters_owner on characters (owner_id, updated_at desc, id desc);
create index characters_trending on characters (trending_score desc, id desc)
    where visibility = 'public' and review_status = 'approved';
create index characters_newest on characters (published_at desc, id desc)
    where visibility = 'public' and review_status = 'approved';
create index characters_most_liked on characters (like_count desc, id desc)
    where visibility = 'public' and review_status = 'approved';
create index characters_tag_keys on characters using gin (tag_keys);
create index characters_review_queue on characters (updated_at, id) where review_status = 'pending';

-- The operator class is looked up where the extension actually is.
do $$
declare
    trgm_schema text;
begin
    select extnamespace::regnamespace::text into trgm_schema from pg_extension where extname = 'pg_trgm';
    execute format(
        'create index characters_search on characters using gin (search_text %s.gin_trgm_ops)',
        trgm_schema);
end
$$;

-- Every edit adds a row; rows are never updated, so a conversation can pin (id, version).
-- The card is JSON text, not jsonb: jsonb would reorder the keys of creators' extensions.
create table character_versions (
    character_id uuid        not null references characters (id) on delete cascade,
    version      int         not null,
    card         text        not null,
    author_id    text        not null,
    created_at   timestamptz not null,
    primary key (character_id, version)
);

create table character_avatars (
    character_id uuid primary key references characters (id) on delete cascade,
    content_type text        not null,
    image        bytea       not null,
    sha256       text        not null,
    updated_at   timestamptz not null
);

create table character_likes (
    character_id uuid        not null references characters (id) on delete cascade,
    user_id      text        not null,
    liked_at     timestamptz not null,
    primary key (character_id, user_id)
);
create index character_likes_by_time on character_likes (character_id, liked_at);

-- Chat starts reported by chat-service: one row per character, UTC day and user.
create table character_chats (
    character_id uuid        not null references characters (id) on delete cascade,
    day          date        not null,
    user_id      text        not null,
    chats        int         not null,
    first_at     timestamptz not null,
    primary key (character_id, day, user_id)
);

create table personas (
    id                  uuid primary key,
    owner_id            text        not null,
    name                text        not null,
    description         text        not null default '',
    avatar_content_type text,
    avatar              bytea,
    avatar_sha256       text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);
create index personas_owner on personas (owner_id, created_at desc, id desc);
