package com.companion.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void addressesAndRangesOfBothFamilies() throws Exception {
    TrustedProxies proxies =
        new TrustedProxies(List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8", "192.168.1.128/25"));

    assertThat(proxies.trusts(ip("127.0.0.1"))).isTrue();
    assertThat(proxies.trusts(ip("127.0.0.2"))).isFalse();
    assertThat(proxies.trusts(ip("10.42.7.9"))).isTrue();
    assertThat(proxies.trusts(ip("11.0.0.1"))).isFalse();
    assertThat(proxies.trusts(ip("fd12::1"))).isTrue();
    assertThat(proxies.trusts(ip("fe80::1"))).isFalse();
    assertThat(proxies.trusts(ip("192.168.1.200"))).isTrue();
    assertThat(proxies.trusts(ip("192.168.1.100"))).isFalse();
  }

  @Test
  void hostNamesAreRefused() {
    assertThatThrownBy(() -> new TrustedProxies(List.of("edge.internal")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
