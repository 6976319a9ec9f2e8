package com.companion.tools;

import com.companion.gateway.bench.GatewayBench;
import java.util.Arrays;

/** {@code java -jar tools/gateway-tools/target/gateway-tools.jar bench [options]}. */
public final class GatewayTools {

  private static final String USAGE =
      """
      usage: java -jar tools/gateway-tools/target/gateway-tools.jar bench [options]

        bench   the model gateway's benchmark: routing, failover and overhead against inference
                nodes it starts; options: bench --help, tools/gateway-tools/README.md
      """;

  private GatewayTools() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !"bench".equals(args[0])) {
      usage(args);
    }
    System.exit(GatewayBench.run(Arrays.copyOfRange(args, 1, args.length)));
  }

  /** The usage on standard output when asked for with --help, else on standard error. */
  private static void usage(String[] args) {
    boolean asked = args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    (asked ? System.out : System.err).print(USAGE);
    System.exit(asked ? 0 : 2);
  }
}
