-- Accounts deleted here on identity-service's account.deleted event: one row per account, so an
-- operator can show that the deletion finished in this service. The account id is stored only as
-- its SHA-256 (hex), never raw: the row must not itself be the personal data it proves gone.
create table account_deletions (
    user_hash text        primary key,
    event_id  uuid        not null,
    done_at   timestamptz not null
);

-- The audit log stays append-only with one exception: erasing a deleted account may replace the
-- account's id where it names the actor or the target, and drop the words the account itself
-- wrote (the reason of its own report). The erasure says so with the transaction-local setting
-- safety.account_erasure = 'on'; rows are never deleted, and which action happened to what, when
-- and with which detail never changes.
drop trigger audit_log_no_update on audit_log;

create trigger audit_log_no_delete before delete on audit_log
    for each statement execute function audit_log_append_only();

create function audit_log_erasure_only() returns trigger language plpgsql as $$
begin
    if coalesce(current_setting('safety.account_erasure', true), '') <> 'on'
        or new.id <> old.id
        or new.action <> old.action
        or new.target_type <> old.target_type
        or new.detail <> old.detail
        or new.at <> old.at then
        raise exception 'audit_log is append-only';
    end if;
    return new;
end;
$$;

create trigger audit_log_erasure_only before update on audit_log
    for each row execute function audit_log_erasure_only();
