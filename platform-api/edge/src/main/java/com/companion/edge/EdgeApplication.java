package com.companion.edge;

import com.companion.edge.bench.EdgeBench;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The single public entry of the platform: auth, products, rate limits, routing, client events.
 * With {@code bench [options]} it runs the edge benchmark instead and prints its table.
 */
@SpringBootApplication
@EnableConfigurationProperties(EdgeProperties.class)
public class EdgeApplication {

  public static void main(String[] args) {
    if (args.length > 0 && "bench".equals(args[0])) {
      System.exit(EdgeBench.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(EdgeApplication.class, args);
  }
}
