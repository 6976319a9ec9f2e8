package com.companion.character.persona.internal;

import com.companion.character.avatar.AvatarImage;
import com.companion.character.persona.PersonaView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code personas} table; every query is scoped to the owner. */
@Repository
public class PersonaRepository {

  private static final String COLUMNS =
      "id, name, description, avatar_sha256, created_at, updated_at from character.personas ";

  private final JdbcClient jdbc;

  public PersonaRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(
      UUID id, String ownerId, String product, String name, String description, Instant now) {
    jdbc.sql(
            """
            insert into character.personas (id, owner_id, product, name, description,
              created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)
            """)
        .params(id, ownerId, product, name, description, Timestamp.from(now), Timestamp.from(now))
        .update();
  }

  public boolean update(
      UUID id, String ownerId, String product, String name, String description, Instant now) {
    return jdbc.sql(
                """
                update character.personas set name = ?, description = ?, updated_at = ?
                where id = ? and owner_id = ? and product = ?
                """)
            .params(name, description, Timestamp.from(now), id, ownerId, product)
            .update()
        > 0;
  }

  public boolean delete(UUID id, String ownerId, String product) {
    return jdbc.sql("delete from character.personas where id = ? and owner_id = ? and product = ?")
            .params(id, ownerId, product)
            .update()
        > 0;
  }

  public Optional<PersonaView> find(UUID id, String ownerId, String product) {
    return jdbc.sql("select " + COLUMNS + "where id = ? and owner_id = ? and product = ?")
        .params(id, ownerId, product)
        .query(PersonaRepository::row)
        .optional();
  }

  public int count(String ownerId, String product) {
    return jdbc.sql("select count(*) from character.personas where owner_id = ? and product = ?")
        .params(ownerId, product)
        .query(Integer.class)
        .single();
  }

  /** Serialises persona creation per owner, so the per-user limit holds under concurrency. */
  public void lockOwner(String ownerId, String product) {
    jdbc.sql("select pg_advisory_xact_lock(hashtext(?))")
        .param("persona:" + product + ":" + ownerId)
        .query((rs, i) -> 1)
        .single();
  }

  public List<PersonaView> list(
      String ownerId, String product, Instant afterCreated, UUID afterId, int n) {
    if (afterId == null) {
      return jdbc.sql(
              "select "
                  + COLUMNS
                  + "where owner_id = ? and product = ? order by created_at desc, id desc limit ?")
          .params(ownerId, product, n)
          .query(PersonaRepository::row)
          .list();
    }
    return jdbc.sql(
            "select "
                + COLUMNS
                + "where owner_id = ? and product = ? and (created_at, id) < (?, ?)"
                + " order by created_at desc, id desc limit ?")
        .params(ownerId, product, Timestamp.from(afterCreated), afterId, n)
        .query(PersonaRepository::row)
        .list();
  }

  public boolean saveAvatar(
      UUID id, String ownerId, String product, AvatarImage image, Instant now) {
    return jdbc.sql(
                """
                update character.personas set avatar = ?, avatar_content_type = ?,
                  avatar_sha256 = ?, updated_at = ? where id = ? and owner_id = ? and product = ?
                """)
            .params(
                image.bytes(),
                image.contentType().toString(),
                image.sha256(),
                Timestamp.from(now),
                id,
                ownerId,
                product)
            .update()
        > 0;
  }

  public Optional<AvatarImage> findAvatar(UUID id, String ownerId, String product) {
    return jdbc.sql(
            "select avatar_content_type, avatar, avatar_sha256 from character.personas"
                + " where id = ? and owner_id = ? and product = ? and avatar is not null")
        .params(id, ownerId, product)
        .query(
            (rs, i) ->
                new AvatarImage(
                    MediaType.parseMediaType(rs.getString(1)), rs.getBytes(2), rs.getString(3)))
        .optional();
  }

  private static PersonaView row(ResultSet rs, int rowNum) throws SQLException {
    UUID id = rs.getObject("id", UUID.class);
    String sha = rs.getString("avatar_sha256");
    return new PersonaView(
        id,
        rs.getString("name"),
        rs.getString("description"),
        sha == null ? null : "/v1/personas/" + id + "/avatar?v=" + sha.substring(0, 12),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
