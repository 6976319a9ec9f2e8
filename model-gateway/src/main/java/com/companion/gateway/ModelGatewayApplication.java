package com.companion.gateway;

import com.companion.gateway.bench.GatewayBench;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The model gateway. {@code java -jar model-gateway.jar} serves; {@code java -jar model-gateway.jar
 * bench [options]} runs the benchmark and prints its table.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelGatewayApplication {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "bench".equals(args[0])) {
      System.exit(GatewayBench.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(ModelGatewayApplication.class, args);
  }
}
