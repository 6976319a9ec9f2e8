-- Why a policy was changed, as lexicon changes already say: kept with the version (policies holds
-- the latest, policy_changes every one) and in audit_log.reason. Versions stored before this
-- migration have none, so the column stays nullable; the API refuses a change without one.
alter table policies add column reason text;
alter table policy_changes add column reason text;
