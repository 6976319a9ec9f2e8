-- Products are tenants: an Idempotency-Key and a minor's continuous-chatting timer belong to an
-- account in one product, as conversations do. The same key sent in two products is two requests.
alter table idempotency_keys add column product text;
update idempotency_keys k set product = c.product from conversations c where c.id = k.conversation_id;
alter table idempotency_keys alter column product set not null;
alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add primary key (user_id, product, idempotency_key);

-- The timers carry no product to recover; they restart with the next turn.
delete from chat_sessions;
alter table chat_sessions add column product text not null;
alter table chat_sessions drop constraint chat_sessions_pkey;
alter table chat_sessions add primary key (user_id, product);
