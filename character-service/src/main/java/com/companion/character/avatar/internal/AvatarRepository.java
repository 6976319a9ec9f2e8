package com.companion.character.avatar.internal;

import com.companion.character.avatar.AvatarImage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code character_avatars} table. */
@Repository
public class AvatarRepository {

  private final JdbcClient jdbc;

  public AvatarRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void save(UUID characterId, AvatarImage image, Instant now) {
    jdbc.sql(
            """
            insert into character.character_avatars (character_id, content_type, image, sha256,
              updated_at) values (?, ?, ?, ?, ?)
            on conflict (character_id) do update set content_type = excluded.content_type,
              image = excluded.image, sha256 = excluded.sha256, updated_at = excluded.updated_at
            """)
        .params(
            characterId,
            image.contentType().toString(),
            image.bytes(),
            image.sha256(),
            Timestamp.from(now))
        .update();
  }

  public boolean delete(UUID characterId) {
    return jdbc.sql("delete from character.character_avatars where character_id = ?")
            .param(characterId)
            .update()
        > 0;
  }

  public Optional<AvatarImage> find(UUID characterId) {
    return jdbc.sql(
            "select content_type, image, sha256 from character.character_avatars"
                + " where character_id = ?")
        .param(characterId)
        .query(
            (rs, i) ->
                new AvatarImage(
                    MediaType.parseMediaType(rs.getString(1)), rs.getBytes(2), rs.getString(3)))
        .optional();
  }
}
