package com.companion.inference;

import com.companion.inference.bench.BenchCommand;
import com.companion.inference.training.TrainCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The node's entry point: {@code train} and {@code bench} run the command-line tools, anything else
 * starts the HTTP server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceNodeApplication {

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
      default -> SpringApplication.run(InferenceNodeApplication.class, args);
    }
  }
}
