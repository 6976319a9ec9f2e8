package com.companion.chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code bench --help} answers with the usage and reaches for no platform. */
class ChatBenchHelpTest {

  @Test
  void helpPrintsTheUsageAndExitsCleanly() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = ChatBench.run(new String[] {"--help"});
    } finally {
      System.setOut(out);
    }

    assertThat(status).isZero();
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo(ChatBench.USAGE);
  }
}
