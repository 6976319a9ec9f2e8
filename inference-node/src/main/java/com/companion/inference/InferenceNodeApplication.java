package com.companion.inference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The node's HTTP server. Training and the benchmark are programs of their own, in {@code
 * tools/model-tools}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceNodeApplication {

  public static void main(String[] args) {
    // PyTorch's intra-op threads spin while they wait: on a small shared machine two of them make
    // every op hundreds of times slower, so one thread is the default and INFERENCE_THREADS (or the
    // system property) raises it on a dedicated host
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      String threads = System.getenv().getOrDefault("INFERENCE_THREADS", "1");
      System.setProperty("ai.djl.pytorch.num_threads", threads);
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    SpringApplication.run(InferenceNodeApplication.class, args);
  }
}
