package com.companion.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The model gateway. Its benchmark is a program of its own, in {@code tools/gateway-tools}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelGatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(ModelGatewayApplication.class, args);
  }
}
