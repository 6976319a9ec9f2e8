package com.companion.analytics;

import com.companion.analytics.rebuild.Rebuild;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Runs the service, or with {@code rebuild [--kafka= --db-url=]} recomputes every figure from the
 * beginning of the topics and compares it with the live read model. The quality guard's benchmark
 * is in {@code tools/analytics-tools}.
 */
@SpringBootApplication
@EnableConfigurationProperties(AnalyticsProperties.class)
public class GrowthAnalyticsApplication {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "rebuild".equals(args[0])) {
      System.exit(Rebuild.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(GrowthAnalyticsApplication.class, args);
  }
}
