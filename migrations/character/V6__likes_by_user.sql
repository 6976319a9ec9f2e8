-- A user's own likes, newest first (GET /v1/me/likes, the account export, account erasure):
-- without it each of those reads every like of every user.
create index character_likes_by_user on character_likes (user_id, liked_at desc, character_id desc);
