-- Accounts deleted here on identity-service's account.deleted event: one row per account, so an
-- operator can show that the deletion finished in this service. The account id is stored only as
-- its SHA-256 (hex), never raw: the row must not itself be the personal data it proves gone.
create table account_deletions (
    user_hash text        primary key,
    event_id  uuid        not null,
    done_at   timestamptz not null
);
