package com.companion.inference.access;

import com.companion.inference.node.InferenceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's only guard: the service credential its callers present. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

  @Bean
  ServiceCredentialFilter serviceCredentialFilter(InferenceProperties properties) {
    return new ServiceCredentialFilter(properties.serviceCredentials());
  }
}
