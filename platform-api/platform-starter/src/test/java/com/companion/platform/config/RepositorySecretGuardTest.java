package com.companion.platform.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.companion.platform.auth.JwtProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Outside local use, a service refuses the secrets that ship in the repository. */
class RepositorySecretGuardTest {

  private static final String OWN = "a-secret-of-this-deployment-0123456789abcdef0123";

  @Test
  void localUseMayRunOnTheRepositoryDefaults() {
    assertThatCode(() -> RepositorySecretGuard.check(new MockEnvironment()))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                RepositorySecretGuard.check(
                    new MockEnvironment().withProperty("server.address", "127.0.0.1")))
        .doesNotThrowAnyException();
  }

  @Test
  void aClusterRefusesTheDefaultTokenSecretAndServiceKey() {
    MockEnvironment cluster = new MockEnvironment().withProperty("platform.mode", "cluster");
    assertThatThrownBy(() -> RepositorySecretGuard.check(cluster))
        .hasMessageContaining("platform.jwt.hmac-secret")
        .hasMessageContaining("platform.outbox.pseudonym-key");

    MockEnvironment serviceKey =
        new MockEnvironment()
            .withProperty("server.address", "0.0.0.0")
            .withProperty("platform.jwt.hmac-secret", OWN)
            .withProperty("platform.outbox.pseudonym-key", OWN)
            .withProperty("gateway.service-credentials.chat-service", "local-chat-service-secret");
    assertThatThrownBy(() -> RepositorySecretGuard.check(serviceKey))
        .hasMessageContaining("gateway.service-credentials.chat-service");
  }

  @Test
  void aClusterWithItsOwnSecretsStarts() {
    MockEnvironment cluster =
        new MockEnvironment()
            .withProperty("platform.mode", "cluster")
            .withProperty("platform.jwt.hmac-secret", OWN)
            .withProperty("platform.outbox.pseudonym-key", OWN)
            .withProperty("gateway.service-credentials.chat-service", OWN);
    assertThatCode(() -> RepositorySecretGuard.check(cluster)).doesNotThrowAnyException();
    // RS256 with JWKS: the HMAC default is not used at all
    MockEnvironment rs256 =
        new MockEnvironment()
            .withProperty("platform.mode", "cluster")
            .withProperty("platform.jwt.algorithm", "RS256")
            .withProperty("platform.jwt.hmac-secret", JwtProperties.LOCAL_DEVELOPMENT_SECRET)
            .withProperty("platform.outbox.pseudonym-key", OWN);
    assertThatCode(() -> RepositorySecretGuard.check(rs256)).doesNotThrowAnyException();
  }
}
