package com.companion.identity.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.support.IdentityClient;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.identity.support.IdentityIT;
import com.companion.testkit.Infra;
import com.companion.testkit.PkceSignIn.Tokens;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class RoleAdminIT extends IdentityIT {

  private static final String PASSWORD = "granite willow echo";

  @Test
  void onlyAnAdminGrantsRolesAndEveryChangeIsAudited() throws Exception {
    String adminName = IdentityClient.uniqueName("admin");
    String adminId =
        client.signUp(adminName, PASSWORD, "1970-01-01", null).json().path("id").asString();
    // the first admin of a deployment is made in the database by the operator
    new JdbcTemplate(Infra.dataSource())
        .update(
            "insert into identity.account_role (account_id, role, granted_at) values (?, 'admin', ?)",
            UUID.fromString(adminId),
            java.sql.Timestamp.from(Instant.now()));
    String userName = IdentityClient.uniqueName("creator");
    String userId =
        client.signUp(userName, PASSWORD, "1992-01-01", null).json().path("id").asString();
    Tokens user = app.signIn(userName, PASSWORD);
    Tokens admin = app.signIn(adminName, PASSWORD);

    Reply selfGrant =
        client.json(
            "PUT",
            "/v1/admin/accounts/" + userId + "/roles/creator",
            user.accessToken(),
            "{\"reason\":\"I want it\"}");
    assertThat(selfGrant.status()).isEqualTo(403);
    assertThat(selfGrant.contentType()).startsWith("application/problem+json");

    Reply noReason =
        client.json(
            "PUT", "/v1/admin/accounts/" + userId + "/roles/creator", admin.accessToken(), "{}");
    assertThat(noReason.status()).isEqualTo(400);

    Reply granted =
        client.json(
            "PUT",
            "/v1/admin/accounts/" + userId + "/roles/creator",
            admin.accessToken(),
            "{\"reason\":\"verified creator programme\"}");
    assertThat(granted.status()).isEqualTo(200);
    assertThat(granted.json().path("roles").toString()).contains("creator", "user");

    Tokens again = app.signIn(userName, PASSWORD);
    assertThat(SignedJWT.parse(again.accessToken()).getJWTClaimsSet().getStringListClaim("roles"))
        .containsExactly("creator", "user");

    Reply audit = client.get("/v1/admin/accounts/" + userId + "/roles", admin.accessToken());
    assertThat(audit.json().path("audit").get(0).path("actor").asString()).isEqualTo(adminId);
    assertThat(audit.json().path("audit").get(0).path("action").asString()).isEqualTo("grant");
    assertThat(audit.json().path("audit").get(0).path("reason").asString())
        .isEqualTo("verified creator programme");

    Reply unknownRole =
        client.json(
            "PUT",
            "/v1/admin/accounts/" + userId + "/roles/emperor",
            admin.accessToken(),
            "{\"reason\":\"x\"}");
    assertThat(unknownRole.status()).isEqualTo(400);
  }
}
