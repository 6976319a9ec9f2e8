package com.companion.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The single public entry of the platform: auth, products, rate limits, routing, client events. Its
 * benchmark is a program of its own, in {@code tools/edge-tools}.
 */
@SpringBootApplication
@EnableConfigurationProperties(EdgeProperties.class)
public class EdgeApplication {

  public static void main(String[] args) {
    SpringApplication.run(EdgeApplication.class, args);
  }
}
