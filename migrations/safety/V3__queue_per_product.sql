-- A product is a tenant: the same target id reported in two products is two items, each in its
-- own product's queue (account ids in particular are only unique within a product).
drop index queue_items_one_open_per_target;
create unique index queue_items_one_open_per_target on queue_items (product, target_type, target_id)
    where status <> 'decided';
drop index queue_items_open;
create index queue_items_open on queue_items (product, status, priority desc, created_at);
create index strikes_user_product on strikes (user_id, product);
