package com.companion.safety;

import com.companion.safety.cli.SafetyCommands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SafetyFilterApplication {

  /** With a command word (safety-train, safety-eval, safety-bench) runs it; else the server. */
  public static void main(String[] args) {
    if (SafetyCommands.handles(args)) {
      System.exit(SafetyCommands.run(args, System.out));
    }
    SpringApplication.run(SafetyFilterApplication.class, args);
  }
}
