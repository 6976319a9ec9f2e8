-- Model deployments: an alias (what clients put in "model") maps to versions; each version has its
-- own pool of inference nodes. The alias row says which version is stable and which, if any, is
-- the canary and with what share of traffic. Every gateway replica polls these tables, so a change
-- takes effect everywhere without a restart.
create table model_aliases (
    alias          text primary key,
    description    text        not null default '',
    stable_version text        not null,
    canary_version text,
    canary_weight  double precision not null default 0
        check (canary_weight >= 0 and canary_weight <= 1),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create table model_versions (
    alias      text        not null references model_aliases (alias) on delete cascade,
    version    text        not null,
    -- static node base URLs, e.g. http://10.0.0.7:8085
    nodes      text[]      not null default '{}',
    -- a DNS name whose A/AAAA records are all nodes (a headless Kubernetes Service), and their port
    dns_name   text,
    dns_port   integer,
    created_at timestamptz not null default now(),
    primary key (alias, version)
);

-- Every canary decision (started, promoted, aborted, rolled back), with the figures it was based on.
create table canary_decisions (
    id                  uuid primary key,
    alias               text        not null,
    stable_version      text        not null,
    canary_version      text        not null,
    decision            text        not null,
    reason              text        not null,
    actor               text        not null,
    stable_samples      integer,
    canary_samples      integer,
    stable_error_rate   double precision,
    canary_error_rate   double precision,
    stable_ttft_p95_ms  double precision,
    canary_ttft_p95_ms  double precision,
    decided_at          timestamptz not null
);
create index canary_decisions_alias on canary_decisions (alias, decided_at desc);

-- API keys of open-platform developers. Only a SHA-256 hash of the secret is stored: the secret
-- is shown once, at creation.
create table api_keys (
    id          uuid primary key,
    name        text        not null,
    product     text        not null,
    key_prefix  text        not null,
    key_hash    text        not null unique,
    rpm_limit   integer,
    tpm_limit   integer,
    created_by  text        not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
