package com.companion.tools;

import com.companion.chat.bench.ChatBench;
import com.companion.chat.bench.LorebookBench;
import java.util.Arrays;

/** {@code java -jar tools/chat-tools/target/chat-tools.jar bench|lorebook-bench [options]}. */
public final class ChatTools {

  private static final String USAGE =
      """
      usage: java -jar tools/chat-tools/target/chat-tools.jar bench|lorebook-bench [options]

        bench            the chat benchmark against a running platform (./platform up first);
                         options: bench --help; the tables it prints: tools/chat-tools/README.md
        lorebook-bench   the CPU a turn's lorebook activation costs, per book size (in process)
      """;

  private ChatTools() {}

  public static void main(String[] args) throws Exception {
    String[] options = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (args.length == 0 ? "" : args[0]) {
      case "bench" -> System.exit(ChatBench.run(options));
      case "lorebook-bench" -> System.exit(LorebookBench.run(options));
      default -> usage(args);
    }
  }

  /** The usage on standard output when asked for with --help, else on standard error. */
  private static void usage(String[] args) {
    boolean asked = args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    (asked ? System.out : System.err).print(USAGE);
    System.exit(asked ? 0 : 2);
  }
}
