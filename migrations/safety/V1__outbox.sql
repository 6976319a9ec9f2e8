-- Transactional outbox: rows are written in the same transaction as the change they describe
-- and published to Kafka by the relay (platform-api/contracts OutboxRelay), then deleted.
create table outbox (
    id          bigserial primary key,
    event_id    uuid        not null unique,
    topic       text        not null,
    message_key text        not null,
    payload     jsonb       not null,
    created_at  timestamptz not null default now()
);

-- Consumers record the CloudEvents ids they have handled, so a redelivered event is ignored.
create table processed_events (
    event_id     uuid primary key,
    processed_at timestamptz not null default now()
);
