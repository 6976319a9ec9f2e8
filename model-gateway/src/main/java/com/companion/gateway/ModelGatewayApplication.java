package com.companion.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ModelGatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(ModelGatewayApplication.class, args);
  }
}
