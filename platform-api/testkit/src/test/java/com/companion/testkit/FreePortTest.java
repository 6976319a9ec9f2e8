package com.companion.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Free ports come from below the ephemeral range, are bindable, and never repeat. */
class FreePortTest {

  @Test
  void portsAreBelowTheEphemeralRangeBindableAndNeverTheSameTwice() throws IOException {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = Infra.freePort();
      assertThat(port).isBetween(Infra.FIRST_PORT, 32_767);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
    try (ServerSocket socket = new ServerSocket(Infra.freePort())) {
      assertThat(socket.isBound()).isTrue();
    }
  }
}
