package com.companion.safety;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SafetyFilterApplication {

  public static void main(String[] args) {
    SpringApplication.run(SafetyFilterApplication.class, args);
  }
}
