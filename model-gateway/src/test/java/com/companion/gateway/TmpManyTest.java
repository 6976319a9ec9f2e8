package com.companion.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TmpManyTest extends GatewayTestSupport {
  @Test
  void many() throws Exception {
    try (FakeNode node = new FakeNode()) {
      String alias = uniqueAlias();
      deploy(alias, "v1", node.url());
      for (int i = 0; i < 60; i++) {
        System.out.println("REQ " + i);
        assertThat(
                send(
                        "POST",
                        "/v1/chat/completions",
                        userToken("u-" + alias),
                        chatBody(alias, false))
                    .statusCode())
            .isIn(200, 429);
      }
    }
  }
}
