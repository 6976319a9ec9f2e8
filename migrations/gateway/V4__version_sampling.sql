-- A version may pin sampling settings that override what callers ask for: a release line is a
-- checkpoint together with how it is sampled, so a canary can try new settings on the same nodes.
-- Keys are the node's parameter names (temperature, top_p, top_k, min_p, repetition_penalty,
-- presence_penalty, frequency_penalty); an empty object overrides nothing.
alter table model_versions add column sampling jsonb not null default '{}';
