package com.companion.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostLogoutRedirectsTest {

  private static final List<String> WEB =
      List.of("http://127.0.0.1:8080/", "http://localhost:8080/", "https://app.example/signed-out");

  @Test
  void aRegisteredUriMatchesExactly() {
    assertThat(PostLogoutRedirects.registered("https://app.example/signed-out", WEB)).isTrue();
    assertThat(PostLogoutRedirects.registered("http://localhost:8080/", WEB)).isTrue();
    assertThat(PostLogoutRedirects.registered("https://app.example/signed-out/", WEB)).isFalse();
    assertThat(PostLogoutRedirects.registered("https://app.example/signed-out?x=1", WEB)).isFalse();
    assertThat(PostLogoutRedirects.registered("https://app.example:8443/signed-out", WEB))
        .isFalse();
  }

  @Test
  void onTheLoopbackAddressAnyPortMatchesButNothingElseChanges() {
    assertThat(PostLogoutRedirects.registered("http://127.0.0.1:41234/", WEB)).isTrue();
    assertThat(PostLogoutRedirects.registered("http://127.0.0.1/", WEB)).isTrue();
    assertThat(PostLogoutRedirects.registered("http://127.0.0.1:41234/other", WEB)).isFalse();
    assertThat(PostLogoutRedirects.registered("http://127.0.0.1:41234/?next=evil", WEB)).isFalse();
    assertThat(PostLogoutRedirects.registered("https://127.0.0.1:41234/", WEB)).isFalse();
    // localhost is not the loopback address here (a name can be made to resolve elsewhere)
    assertThat(PostLogoutRedirects.registered("http://localhost:41234/", WEB)).isFalse();
    assertThat(PostLogoutRedirects.registered("http://127.0.0.1.evil.example:8080/", WEB))
        .isFalse();
  }

  @Test
  void aFragmentOrANonUriIsRefused() {
    assertThat(PostLogoutRedirects.registered("http://127.0.0.1:8080/#x", WEB)).isFalse();
    assertThat(PostLogoutRedirects.registered("http://[bad", WEB)).isFalse();
    assertThat(PostLogoutRedirects.registered("http://127.0.0.1:8080/", List.of())).isFalse();
  }
}
