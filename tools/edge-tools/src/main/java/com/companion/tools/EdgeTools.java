package com.companion.tools;

import com.companion.edge.bench.EdgeBench;
import java.util.Arrays;

/** {@code java -jar tools/edge-tools/target/edge-tools.jar bench [options]}. */
public final class EdgeTools {

  private static final String USAGE =
      """
      usage: java -jar tools/edge-tools/target/edge-tools.jar bench [options]

        bench   the edge's benchmark (rate limiter, SSE relay); options: tools/edge-tools/README.md
      """;

  private EdgeTools() {}

  public static void main(String[] args) {
    if (args.length == 0 || !"bench".equals(args[0])) {
      usage(args);
    }
    System.exit(EdgeBench.run(Arrays.copyOfRange(args, 1, args.length)));
  }

  /** The usage on standard output when asked for with --help, else on standard error. */
  private static void usage(String[] args) {
    boolean asked = args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    (asked ? System.out : System.err).print(USAGE);
    System.exit(asked ? 0 : 2);
  }
}
