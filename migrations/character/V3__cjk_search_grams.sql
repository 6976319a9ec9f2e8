-- Chinese and Japanese words are mostly one or two characters, which trigrams cannot look up.
-- search_grams holds every single ideograph/kana and every pair of adjacent ones in search_text,
-- so a query word of one or two such characters is an exact GIN lookup (and longer ones are
-- narrowed by their pairs before LIKE confirms them). The character ranges match
-- com.companion.character.discovery.SearchText.isGramChar.
alter table characters add column search_grams text[] not null default '{}';

update characters c set search_grams = coalesce((
    select array_agg(distinct g order by g)
    from (
        select substr(c.search_text, i, 1) as g from generate_series(1, length(c.search_text)) i
        union all
        select substr(c.search_text, i, 2) from generate_series(1, length(c.search_text) - 1) i
    ) grams
    where g ~ '^[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF]+$'
), '{}');

create index characters_search_grams on characters using gin (search_grams);
