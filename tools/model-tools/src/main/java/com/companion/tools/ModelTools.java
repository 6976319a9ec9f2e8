package com.companion.tools;

import com.companion.inference.bench.BenchCommand;
import com.companion.inference.training.TrainCommand;
import java.util.Arrays;

/** {@code java -jar tools/model-tools/target/model-tools.jar train|bench [options]}. */
public final class ModelTools {

  private static final String USAGE =
      """
      usage: java -Dai.djl.offline=true -jar tools/model-tools/target/model-tools.jar <command> [options]

        train   trains the in-house model on a role-play corpus and writes a checkpoint
        bench   the serving engine's benchmark over a checkpoint (inference-node/model by default)

      options: tools/model-tools/README.md
      """;

  private ModelTools() {}

  public static void main(String[] args) throws Exception {
    // PyTorch's intra-op threads spin while they wait: on a small shared machine two of them make
    // every op hundreds of times slower, so one thread is the default and INFERENCE_THREADS (or the
    // system property) raises it on a dedicated host
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      String threads = System.getenv().getOrDefault("INFERENCE_THREADS", "1");
      System.setProperty("ai.djl.pytorch.num_threads", threads);
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    String command = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (command) {
      case "train" -> TrainCommand.main(rest);
      case "bench" -> BenchCommand.main(rest);
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
