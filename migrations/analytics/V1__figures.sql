-- The read model of growth-analytics. The Kafka Streams application keeps every figure in its
-- state stores and publishes each change to the compacted topic analytics.figures; a consumer
-- upserts the latest value here, and the analytics API reads only this table.
--
-- One row per figure: kind (daily, cohort, funnel, character, model, model_alias, dead_letter),
-- product ('' where a figure spans products), UTC day and subject (character id, model version,
-- dead-letter reason, or '' for a product-wide figure). fields holds the counters by name.
create table figures (
    figure_key  text        primary key,
    kind        text        not null,
    product     text        not null,
    day         date        not null,
    subject     text        not null,
    fields      jsonb       not null,
    -- grows with every change of the figure in the stream; an older value never overwrites a
    -- newer one when a partition moves between instances and a few records are delivered again
    revision    bigint      not null,
    updated_at  timestamptz not null default now()
);

create index figures_by_kind_product_day on figures (kind, product, day);
