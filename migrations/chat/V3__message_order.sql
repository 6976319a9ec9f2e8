-- Swipes and edited versions are ordered by when they were written; timestamps can tie (and a
-- clock can step back), so each message also gets a strictly increasing sequence number.
alter table messages add column seq bigint generated always as identity;
create index messages_siblings on messages (conversation_id, parent_id, role, seq);
