-- A creator reads their own figures (GET /v1/analytics/creators/me): one product, one subject (the
-- creator's pseudonym) over a range of days. The (kind, product, day) index would read every
-- creator's rows of those days; this one reads only theirs, and serves a character's days too.
create index figures_by_kind_product_subject_day on figures (kind, product, subject, day);
