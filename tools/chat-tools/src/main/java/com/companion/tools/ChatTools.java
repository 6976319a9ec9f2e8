package com.companion.tools;

import com.companion.chat.bench.ChatBench;
import java.util.Arrays;

/** {@code java -jar tools/chat-tools/target/chat-tools.jar bench [options]}. */
public final class ChatTools {

  private static final String USAGE =
      """
      usage: java -jar tools/chat-tools/target/chat-tools.jar bench [options]

        bench   the chat benchmark against a running platform (./platform up first);
                options: bench --help; the tables it prints: tools/chat-tools/README.md
      """;

  private ChatTools() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !"bench".equals(args[0])) {
      usage(args);
    }
    System.exit(ChatBench.run(Arrays.copyOfRange(args, 1, args.length)));
  }

  /** The usage on standard output when asked for with --help, else on standard error. */
  private static void usage(String[] args) {
    boolean asked = args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    (asked ? System.out : System.err).print(USAGE);
    System.exit(asked ? 0 : 2);
  }
}
