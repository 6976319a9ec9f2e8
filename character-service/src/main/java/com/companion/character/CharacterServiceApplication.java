package com.companion.character;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Characters and personas: cards, versions, publishing, discovery, likes and creator stats. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CharacterServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(CharacterServiceApplication.class, args);
  }
}
