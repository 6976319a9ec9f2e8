package com.companion.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bench --help} answers with the usage and starts nothing. */
class GatewayBenchHelpTest {

  private static String printed(String... args) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(GatewayBench.run(args)).isZero();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsTheUsageAndExitsCleanly() throws Exception {
    assertThat(printed("--help")).startsWith("usage:").contains("--warm-up-rounds");
    assertThat(printed("-h")).isEqualTo(GatewayBench.USAGE);
  }

  @Test
  void helpAfterOtherOptionsStillOnlyPrintsTheUsage() throws Exception {
    assertThat(printed("--requests", "8", "--help")).isEqualTo(GatewayBench.USAGE);
  }
}
