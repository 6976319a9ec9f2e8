package com.companion.tools;

import com.companion.analytics.guard.GuardBench;
import java.util.Arrays;

/** {@code java -jar tools/analytics-tools/target/analytics-tools.jar guard-bench [options]}. */
public final class AnalyticsTools {

  private static final String USAGE =
      """
      usage: java -jar tools/analytics-tools/target/analytics-tools.jar guard-bench [options]

        guard-bench [--runs=200 --seed=7]     the quality guard over simulated users
        guard-bench --live [--equal] [...]    a real canary through a running platform

      options: tools/analytics-tools/README.md
      """;

  private AnalyticsTools() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !"guard-bench".equals(args[0])) {
      usage(args);
    }
    System.exit(GuardBench.run(Arrays.copyOfRange(args, 1, args.length)));
  }

  /** The usage on standard output when asked for with --help, else on standard error. */
  private static void usage(String[] args) {
    boolean asked = args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    (asked ? System.out : System.err).print(USAGE);
    System.exit(asked ? 0 : 2);
  }
}
