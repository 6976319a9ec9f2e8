-- A product is a tenant: a user of one app never sees another app's characters or personas,
-- even under the same account id. Characters already carry their product; personas get it here
-- (rows written before this have none and are therefore visible in no product).
alter table personas add column product text not null default '';
drop index personas_owner;
create index personas_owner on personas (owner_id, product, created_at desc, id desc);

drop index characters_owner;
create index characters_owner on characters (owner_id, product, updated_at desc, id desc);

-- Content rating: 'mature' characters are for adults only; minors neither list nor open them.
alter table characters add column content_rating text not null default 'general'
    check (content_rating in ('general', 'mature'));

-- Discovery and the review queue always filter on the product first.
drop index characters_trending;
drop index characters_newest;
drop index characters_most_liked;
drop index characters_review_queue;
create index characters_trending on characters (product, trending_score desc, id desc)
    where visibility = 'public' and review_status = 'approved';
create index characters_newest on characters (product, published_at desc, id desc)
    where visibility = 'public' and review_status = 'approved';
create index characters_most_liked on characters (product, like_count desc, id desc)
    where visibility = 'public' and review_status = 'approved';
create index characters_review_queue on characters (product, updated_at, id)
    where review_status = 'pending';
