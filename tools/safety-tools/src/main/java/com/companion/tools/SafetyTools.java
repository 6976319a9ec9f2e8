package com.companion.tools;

import com.companion.safety.cli.SafetyCommands;

/**
 * {@code java -jar tools/safety-tools/target/safety-tools.jar
 * safety-train|safety-eval|safety-bench}.
 */
public final class SafetyTools {

  private static final String USAGE =
      """
      usage: java -Dai.djl.offline=true -jar tools/safety-tools/target/safety-tools.jar <command> [options]

        safety-train   trains the classifier (writes safety-filter/model/)
        safety-eval    --dataset FILE --format cold|davidson [--split ...]: scores a labelled dataset
        safety-bench   the classifier's and the pipeline's throughput and latency

      options: tools/safety-tools/README.md
      """;

  private SafetyTools() {}

  public static void main(String[] args) {
    if (!SafetyCommands.handles(args)) {
      usage(args);
    }
    System.exit(SafetyCommands.run(args, System.out));
  }

  /** The usage on standard output when asked for with --help, else on standard error. */
  private static void usage(String[] args) {
    boolean asked = args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    (asked ? System.out : System.err).print(USAGE);
    System.exit(asked ? 0 : 2);
  }
}
