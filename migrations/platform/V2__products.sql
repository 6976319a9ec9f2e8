-- Each mobile app ("product") is a row with its own settings. Tokens name their product; the edge
-- answers 403 for a product that is not here or not enabled.
create table products (
    id                       text primary key check (id ~ '^[a-z][a-z0-9_-]{1,31}$'),
    display_name             text        not null,
    enabled                  boolean     not null default true,
    requests_per_minute      integer     not null default 120 check (requests_per_minute > 0),
    burst                    integer     not null default 40 check (burst > 0),
    allowed_origins          text[]      not null default '{}',
    settings                 jsonb       not null default '{}'::jsonb,
    created_at               timestamptz not null default now()
);

insert into products (id, display_name, requests_per_minute, burst, allowed_origins, settings) values
    ('glow',   'Glow',   120, 40, '{}', '{"default_locale": "zh-CN"}'),
    ('xingye', 'Xingye', 120, 40, '{}', '{"default_locale": "zh-CN"}'),
    ('talkie', 'Talkie', 120, 40, '{}', '{"default_locale": "en-US"}');
