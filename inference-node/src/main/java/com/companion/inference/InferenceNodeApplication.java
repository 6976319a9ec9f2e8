package com.companion.inference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class InferenceNodeApplication {

  public static void main(String[] args) {
    SpringApplication.run(InferenceNodeApplication.class, args);
  }
}
