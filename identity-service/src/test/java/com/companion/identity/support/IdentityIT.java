package com.companion.identity.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.companion.identity.IdentityApplication;
import com.companion.identity.support.IdentityClient.Browser;
import com.companion.identity.support.IdentityClient.Reply;
import com.companion.testkit.Infra;
import com.companion.testkit.PkceSignIn;
import com.companion.testkit.PkceSignIn.Pkce;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The identity service on a real port against the real PostgreSQL, Redis and Kafka. Every
 * integration test class extends this, so they share one application context. The outbox relay is
 * off so tests can read the rows it would publish.
 */
@SpringBootTest(
    classes = IdentityApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class IdentityIT {

  protected static final int PORT = Infra.freePort();
  protected static final String BASE = "http://127.0.0.1:" + PORT;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    // PostgreSQL and Redis; no Kafka: the relay and the consumer are off, and the tests read the
    // outbox rows and hand events to the consumer's handler themselves
    registry.add("spring.datasource.url", Infra::jdbcUrl);
    registry.add("spring.datasource.username", Infra::dbUser);
    registry.add("spring.datasource.password", () -> "");
    registry.add("spring.data.redis.host", Infra::redisHost);
    registry.add("spring.data.redis.port", Infra::redisPort);
    registry.add("server.port", () -> PORT);
    registry.add("identity.issuer", () -> BASE);
    registry.add("platform.outbox.relay-enabled", () -> "false");
    registry.add("identity.guardians.consume-chat-turns", () -> "false");
    // character-service, chat-service and safety-filter do not run in these tests: the export's
    // neighbours are one stub, which answers what a test scripted for its user and otherwise
    // drops the connection unanswered, as a service that has crashed would
    registry.add("identity.export.character-service-url", NeighbourStub::url);
    registry.add("identity.export.chat-service-url", NeighbourStub::url);
    registry.add("identity.export.safety-filter-url", NeighbourStub::url);
    // each run counts attempts under its own Redis keys
    registry.add("identity.throttle.key-prefix", () -> "identity-it-" + UUID.randomUUID() + ":");
    registry.add("identity.clients[0].client-id", () -> "test-app");
    registry.add("identity.clients[0].name", () -> "Test app");
    registry.add(
        "identity.clients[0].redirect-uris[0]", () -> "com.companion.test:/oauth2/callback");
    registry.add("identity.clients[0].redirect-uris[1]", () -> "http://127.0.0.1/oauth2/callback");
    registry.add(
        "identity.clients[0].post-logout-redirect-uris[0]", () -> IdentityClient.SIGNED_OUT);
    registry.add(
        "identity.clients[0].post-logout-redirect-uris[1]",
        () -> "http://127.0.0.1:8080/signed-out");
    // a second app, whose tokens the first may not revoke
    registry.add("identity.clients[1].client-id", () -> IdentityClient.OTHER_CLIENT_ID);
    registry.add("identity.clients[1].name", () -> "Other app");
    registry.add(
        "identity.clients[1].redirect-uris[0]", () -> "com.companion.other:/oauth2/callback");
  }

  protected final IdentityClient client = new IdentityClient(BASE);

  /** The test app's sign-in, as every app does it. */
  protected final PkceSignIn app = new PkceSignIn(BASE, IdentityClient.CLIENT_ID);

  /** Signs up a new adult account with this password; its name. */
  protected String newAdult(String namePrefix, String password) {
    String name = IdentityClient.uniqueName(namePrefix);
    assertThat(client.signUp(name, password, "1992-07-14", null).status()).isEqualTo(201);
    return name;
  }

  /** A new authorization request in this browser: a code if it is still signed in. */
  protected Reply authorizeAgain(Browser browser, Pkce pkce) {
    return browser.get(app.authorizeUrl(pkce, "again", IdentityClient.REDIRECT));
  }
}
