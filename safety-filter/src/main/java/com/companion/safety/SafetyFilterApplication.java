package com.companion.safety;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The safety service. Training, evaluating and benchmarking the classifier are programs of their
 * own, in {@code tools/safety-tools}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SafetyFilterApplication {

  public static void main(String[] args) {
    SpringApplication.run(SafetyFilterApplication.class, args);
  }
}
