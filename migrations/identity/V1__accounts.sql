-- Transactional outbox (published by the contracts' OutboxRelay) and consumer de-duplication.
create table outbox (
    id          bigserial primary key,
    event_id    uuid        not null unique,
    topic       text        not null,
    message_key text        not null,
    payload     jsonb       not null,
    created_at  timestamptz not null default now()
);

create table processed_events (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);

-- One row per account. username_key is the case-folded username: "Ada" and "ada" are one name.
-- pseudonym is the keyed hash that events carry instead of the id, kept so that events from
-- other services (which only know the pseudonym) can be matched to an account.
create table account (
    id               uuid primary key,
    username         text        not null,
    username_key     text        not null unique,
    password_hash    text        not null,
    birth_date       date        not null,
    product          text        not null,
    guardian_contact text,
    pseudonym        text        not null unique,
    created_at       timestamptz not null
);

create index account_guardian_contact on account (lower(guardian_contact));

-- Roles beyond "user" (which every account has); granted only through the admin API.
create table account_role (
    account_id uuid        not null references account (id) on delete cascade,
    role       text        not null check (role in ('creator', 'moderator', 'analyst', 'admin')),
    granted_by uuid,
    granted_at timestamptz not null,
    primary key (account_id, role)
);

-- Who granted or revoked which role, and why. Ids become pseudonyms when an account is deleted.
create table role_audit (
    id         bigserial primary key,
    actor      text        not null,
    target     text        not null,
    role       text        not null,
    action     text        not null check (action in ('grant', 'revoke')),
    reason     text        not null,
    created_at timestamptz not null
);

-- A guardian's consent for a minor (one guardian per minor), and the daily limit they set.
create table guardianship (
    minor_id            uuid primary key references account (id) on delete cascade,
    guardian_id         uuid        not null references account (id) on delete cascade,
    consent             text        not null check (consent in ('granted', 'revoked')),
    daily_limit_minutes integer check (daily_limit_minutes between 1 and 1440),
    updated_at          timestamptz not null
);

create index guardianship_guardian on guardianship (guardian_id);

-- Chat turns of guarded minors, taken from usage.chat-turn events, for parental insights: when
-- and with which character, never what was said. Kept 35 days.
create table chat_activity (
    account_id   uuid        not null references account (id) on delete cascade,
    event_id     uuid        not null,
    at           timestamptz not null,
    character_id text,
    primary key (account_id, event_id)
);

create index chat_activity_by_time on chat_activity (account_id, at);

-- Token signing keys (RS256). Private keys are stored encrypted (AES-GCM). A key is published in
-- the JWKS from its creation, signs from activates_at until the next key activates, and stays
-- published until retire_after, when every token it signed has expired.
create table signing_key (
    kid                   text primary key,
    public_jwk            text        not null,
    private_key_encrypted bytea       not null,
    created_at            timestamptz not null,
    activates_at          timestamptz not null,
    retire_after          timestamptz
);

-- Spring Authorization Server's JDBC tables (its schema with text for blob and timestamptz).
create table oauth2_registered_client (
    id                            varchar(100)  not null primary key,
    client_id                     varchar(100)  not null unique,
    client_id_issued_at           timestamptz   default current_timestamp not null,
    client_secret                 varchar(200)  default null,
    client_secret_expires_at      timestamptz   default null,
    client_name                   varchar(200)  not null,
    client_authentication_methods varchar(1000) not null,
    authorization_grant_types     varchar(1000) not null,
    redirect_uris                 varchar(1000) default null,
    post_logout_redirect_uris     varchar(1000) default null,
    scopes                        varchar(1000) not null,
    client_settings               varchar(2000) not null,
    token_settings                varchar(2000) not null
);

create table oauth2_authorization (
    id                            varchar(100) not null primary key,
    registered_client_id          varchar(100) not null,
    principal_name                varchar(200) not null,
    authorization_grant_type      varchar(100) not null,
    authorized_scopes             varchar(1000) default null,
    attributes                    text         default null,
    state                         varchar(500) default null,
    authorization_code_value      text         default null,
    authorization_code_issued_at  timestamptz  default null,
    authorization_code_expires_at timestamptz  default null,
    authorization_code_metadata   text         default null,
    access_token_value            text         default null,
    access_token_issued_at        timestamptz  default null,
    access_token_expires_at       timestamptz  default null,
    access_token_metadata         text         default null,
    access_token_type             varchar(100) default null,
    access_token_scopes           varchar(1000) default null,
    oidc_id_token_value           text         default null,
    oidc_id_token_issued_at       timestamptz  default null,
    oidc_id_token_expires_at      timestamptz  default null,
    oidc_id_token_metadata        text         default null,
    refresh_token_value           text         default null,
    refresh_token_issued_at       timestamptz  default null,
    refresh_token_expires_at      timestamptz  default null,
    refresh_token_metadata        text         default null,
    user_code_value               text         default null,
    user_code_issued_at           timestamptz  default null,
    user_code_expires_at          timestamptz  default null,
    user_code_metadata            text         default null,
    device_code_value             text         default null,
    device_code_issued_at         timestamptz  default null,
    device_code_expires_at        timestamptz  default null,
    device_code_metadata          text         default null
);

-- principal_name is the account id; deletion removes an account's authorizations by it.
create index oauth2_authorization_principal on oauth2_authorization (principal_name);
-- Spring Authorization Server finds an authorization by the token or code it is shown.
create index oauth2_authorization_state on oauth2_authorization (state);
create index oauth2_authorization_code on oauth2_authorization (authorization_code_value);
create index oauth2_authorization_refresh on oauth2_authorization (refresh_token_value);

create table oauth2_authorization_consent (
    registered_client_id varchar(100)  not null,
    principal_name       varchar(200)  not null,
    authorities          varchar(1000) not null,
    primary key (registered_client_id, principal_name)
);

-- Refresh tokens replaced by rotation (SHA-256 of the value). Presenting one again means it was
-- copied: the whole authorization it belonged to is revoked.
create table retired_refresh_token (
    token_hash       text primary key,
    authorization_id varchar(100) not null,
    principal_name   varchar(200) not null,
    retired_at       timestamptz  not null
);

create index retired_refresh_token_principal on retired_refresh_token (principal_name);
