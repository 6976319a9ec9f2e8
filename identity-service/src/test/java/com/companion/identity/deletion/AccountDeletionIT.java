package com.companion.identity.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.export.AccountExport;
import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import com.companion.testkit.Infra;
import com.companion.testkit.PkceSignIn.Tokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class AccountDeletionIT extends IdentityIT {

  private static final String PASSWORD = "amber river compass";
  private static final JsonMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  @Autowired AccountExport accountExport;

  @Test
  void exportThenDeleteLeavesNoRowWithTheIdAndAnnouncesTheDeletion() {
    String name = IdentityClient.uniqueName("gone");
    String id = client.signUp(name, PASSWORD, "1988-08-08", null).json().path("id").asString();
    Tokens tokens = app.signIn(name, PASSWORD);

    // this service's part of the export (the whole export needs the other services, which the
    // launcher's WholePlatformIT runs)
    String ownPart = JSON.writeValueAsString(accountExport.of(UUID.fromString(id)));
    JsonNode own = JSON.readTree(ownPart);
    assertThat(own.path("account").path("username").asString()).isEqualTo(name);
    assertThat(own.path("account").path("birth_date").asString()).isEqualTo("1988-08-08");
    assertThat(own.path("sessions").size()).isEqualTo(1);
    assertThat(ownPart).doesNotContain("bcrypt").doesNotContain(tokens.refreshToken());

    Reply deleted = client.delete("/v1/me", tokens.accessToken());
    assertThat(deleted.status()).isEqualTo(204);

    JdbcTemplate jdbc = new JdbcTemplate(Infra.dataSource());
    // every table of the schema, every text-like column: nothing holds the id any more
    List<Map<String, Object>> columns =
        jdbc.queryForList(
            "select table_name, column_name from information_schema.columns"
                + " where table_schema = 'identity' and data_type in ('uuid', 'text',"
                + " 'character varying', 'jsonb') and table_name not in ('outbox',"
                + " 'flyway_schema_history')");
    for (Map<String, Object> column : columns) {
      Long count =
          jdbc.queryForObject(
              "select count(*) from identity.%s where %s::text like ?"
                  .formatted(column.get("table_name"), column.get("column_name")),
              Long.class,
              "%" + id + "%");
      assertThat(count).as("%s.%s", column.get("table_name"), column.get("column_name")).isZero();
    }

    // the event, in the outbox in the same transaction as the deletion
    String payload =
        jdbc.queryForObject(
            "select payload::text from identity.outbox where topic = 'account.lifecycle'"
                + " and message_key = ? and payload->>'type' = 'account.deleted'",
            String.class,
            id);
    JsonNode event = JSON.readTree(payload);
    assertThat(event.path("data").path("user_id").asString()).isEqualTo(id);
    assertThat(event.path("data").path("schema_version").asInt()).isEqualTo(1);
    assertThat(event.path("userid").asString()).startsWith("u_").isNotEqualTo(id);
    assertThat(event.path("data").path("pseudonym").asString())
        .isEqualTo(event.path("userid").asString());
    assertThat(event.path("product").asString()).isEqualTo("glow");

    // signed out everywhere, and the name is free again
    assertThat(client.refresh(tokens.refreshToken()).status()).isEqualTo(400);
    assertThat(client.get("/v1/me/export", tokens.accessToken()).status()).isEqualTo(404);
    assertThat(client.signUp(name, PASSWORD, "1990-01-01", null).status()).isEqualTo(201);
  }

  @Test
  void anExportWhileTheOtherServicesCannotAnswerIsA503NotAPartialExport() {
    String name = IdentityClient.uniqueName("export");
    client.signUp(name, PASSWORD, "1990-03-03", null);
    Tokens tokens = app.signIn(name, PASSWORD);

    Reply export = client.get("/v1/me/export", tokens.accessToken());

    assertThat(export.status()).isEqualTo(503);
    assertThat(export.contentType()).startsWith("application/problem+json");
    assertThat(export.json().path("type").asString()).endsWith("/dependency-unavailable");
    assertThat(export.json().path("service").asString()).isEqualTo("character-service");
    assertThat(export.raw().headers().firstValue("Retry-After")).hasValue("5");
    assertThat(export.body()).doesNotContain(name);
  }

  @Test
  void exportingNeedsAToken() {
    Reply reply = client.json("GET", "/v1/me/export", null, "");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.contentType()).startsWith("application/problem+json");
  }

  @Test
  void deletingNeedsAToken() {
    Reply reply = client.json("DELETE", "/v1/me", null, "");
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.contentType()).startsWith("application/problem+json");
  }
}
