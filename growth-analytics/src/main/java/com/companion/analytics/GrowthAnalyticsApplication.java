package com.companion.analytics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(AnalyticsProperties.class)
public class GrowthAnalyticsApplication {

  public static void main(String[] args) {
    SpringApplication.run(GrowthAnalyticsApplication.class, args);
  }
}
